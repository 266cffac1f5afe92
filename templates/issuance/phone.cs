<?cs include:"macros.cs" ?>
<section class="card phone">
  <h1>在线签字确认</h1>
  <?cs if:Sreq.Id ?><?cs include:"issuance/reqsummary.cs" ?><?cs /if ?>
  <?cs include:"issuance/padform.cs" ?>
</section>
<script src="/static/sign.js"></script>

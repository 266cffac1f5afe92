<?cs include:"macros.cs" ?>
<section class="card">
  <h1>在本机签字确认</h1>
  <?cs include:"issuance/reqsummary.cs" ?>
  <?cs include:"issuance/padform.cs" ?>
  <p><a href="/certs/sign/<?cs var:Sreq.Id ?>">返回签字请求</a></p>
</section>
<script src="/static/sign.js"></script>

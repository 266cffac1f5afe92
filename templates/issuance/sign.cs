<?cs include:"macros.cs" ?>
<section class="card">
  <h1>在线签字确认</h1>
  <?cs include:"issuance/reqsummary.cs" ?>
  <?cs if:Sreq.State == "open" ?>
    <?cs if:Sreq.Signer ?>
    <div class="signbox" data-sign-wait="/certs/sign/<?cs var:Sreq.Id ?>/state" data-next="/certs/sign/<?cs var:Sreq.Id ?>" data-seconds="<?cs var:Sreq.Secs ?>">
      <figure class="qr"><img src="/certs/sign/<?cs var:Sreq.Id ?>/qr.png" alt="签字二维码" width="264" height="264" id="signqr">
        <figcaption>请用手机相机或微信“扫一扫”扫描二维码，在手机上手写签名并提交。<br>二维码仅可使用一次，剩余有效时间 <b data-left>10 分 0 秒</b>。</figcaption></figure>
      <p class="muted" role="status">正在等待手机签字……签字完成后本页会自动显示结果。</p>
      <p><a class="btn" href="/certs/sign/<?cs var:Sreq.Id ?>/here">没有手机？在本机签字</a></p>
      <p class="hint">签字即表示确认以上发证记录和成绩准确无误、可以发证。一旦签字确认，不可撤回。手写签名仅用于本次签发确认，不会出现在证书上。</p>
    </div>
    <?cs else ?>
    <p class="notice" role="status">等待签发人签字（二维码只显示给签发人）。</p>
    <?cs /if ?>
  <?cs elif:Sreq.State == "submitted" ?>
    <?cs if:Sreq.Signer ?>
    <p class="notice">业务管理员已提交本批证书，请核对后生成签字二维码，用手机签字确认。</p>
    <form method="post" action="/certs/sign/<?cs var:Sreq.Id ?>/open" class="inline"><?cs call:csrf() ?><button type="submit" class="btn primary">生成签字二维码</button></form>
    <?cs else ?>
    <p class="notice" role="status">已提交考核站点负责人签字，等待负责人确认。</p>
    <?cs /if ?>
  <?cs elif:Sreq.State == "expired" ?>
    <p class="error" role="alert">签字二维码已过期（有效期 10 分钟），未作任何改动。</p>
    <?cs if:Sreq.Signer ?><form method="post" action="/certs/sign/<?cs var:Sreq.Id ?>/open" class="inline"><?cs call:csrf() ?><button type="submit" class="btn primary">重新生成二维码</button></form><?cs /if ?>
  <?cs elif:Sreq.State == "signed" ?>
    <div class="flash" role="status">签字确认完成：<?cs var:Sreq.Outcome ?>（<?cs var:Sreq.Done ?>）。</div>
    <p><a class="btn" href="/certs/sign/<?cs var:Sreq.Id ?>/signature.png">查看手写签名</a> <a class="btn" href="/certs">返回证书发放管理</a></p>
  <?cs else ?>
    <div class="error" role="alert"><?cs var:Sreq.Outcome ?></div>
    <p><a class="btn" href="/certs">返回证书发放管理，重新发起签发</a></p>
  <?cs /if ?>
</section>
<script src="/static/sign.js"></script>

<section class="card narrow">
  <h1>二维码验证</h1>
  <div class="verified warn" role="alert"><?cs var:Qr.Error ?></div>
  <p class="muted">请以证书编号和持证人身份证号在 <a href="/verify">证书查询</a> 页核对，或联系发证机构。</p>
</section>

<section class="card narrow">
  <h1>证书查询结果</h1>
  <div class="verified<?cs if:Cert.Status != "confirmed" ?> warn<?cs /if ?>"><?cs if:Cert.Status == "confirmed" ?>该证书真实有效<?cs else ?>该证书<?cs var:Cert.StatusLabel ?><?cs /if ?></div>
  <?cs if:Cert.ViaQr ?><p class="muted">二维码签名有效（平台密钥 <?cs var:Qr.Kid ?>，发证时间 <?cs var:Qr.IssuedOn ?>），以下为该证书在平台上的当前状态。</p><?cs /if ?>
  <?cs if:Cert.RevokeReason ?><p class="error" id="revoke-reason"><?cs if:Cert.ReplacedBy ?>已被替换<?cs else ?>已撤销<?cs /if ?>（<?cs var:Cert.RevokedOn ?>）：<?cs var:Cert.RevokeReason ?><?cs if:Cert.ReplacedBy ?>。替换后的证书编号：<?cs if:Cert.ReplacedByQr ?><a class="mono" id="replaced-by" href="/verify/q/<?cs var:Cert.ReplacedByQr ?>"><?cs var:Cert.ReplacedBy ?></a><?cs else ?><span class="mono"><?cs var:Cert.ReplacedBy ?></span><?cs /if ?><?cs /if ?></p><?cs /if ?>
  <?cs if:Cert.Replaces ?><p class="notice">替换自证书 <?cs if:Cert.ReplacesQr ?><a class="mono" id="replaces" href="/verify/q/<?cs var:Cert.ReplacesQr ?>"><?cs var:Cert.Replaces ?></a><?cs else ?><span class="mono"><?cs var:Cert.Replaces ?></span><?cs /if ?></p><?cs /if ?>
  <dl class="kv">
    <dt>状态</dt><dd><?cs var:Cert.StatusLabel ?></dd>
    <dt>证书编号</dt><dd class="mono"><?cs var:Cert.Number ?></dd>
    <dt>证书名称</dt><dd><?cs var:Cert.CertName ?></dd>
    <dt>证书等级</dt><dd><?cs var:Cert.Level ?></dd>
    <dt>持证人</dt><dd><?cs var:Cert.Name ?></dd>
    <dt>身份证号</dt><dd class="mono"><?cs var:Cert.IdMask ?></dd>
    <dt>培训评价组织</dt><dd><?cs var:Cert.Org ?></dd>
    <dt>考核站点</dt><dd><?cs var:Cert.Inst ?></dd>
    <dt>考试计划</dt><dd><?cs var:Cert.Plan ?></dd>
    <dt>发证时间</dt><dd><?cs var:Cert.IssuedOn ?></dd>
  </dl>
  <?cs if:Cert.Thumb ?><figure class="thumb"><img id="cert-thumb" src="<?cs var:Cert.Thumb ?>" width="640" alt="证书缩略图（水印：仅供查验）"><figcaption class="muted">证书缩略图，仅供查验，当日有效；身份证号已隐去部分数字。</figcaption></figure><?cs /if ?>
  <p><a class="btn" href="/verify">再查一张</a></p>
</section>

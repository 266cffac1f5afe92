<section class="card">
  <h1>我的证书</h1>
  <?cs each:c = Certs ?>
  <div class="certcard">
    <div class="certhead"><b><?cs var:c.CertName ?></b>（<?cs var:c.Level ?>）<span class="status st-<?cs var:c.Status ?>"><?cs var:c.StatusLabel ?></span></div>
    <dl class="kv">
      <dt>证书编号</dt><dd class="mono"><?cs var:c.Number ?></dd>
      <dt>姓名</dt><dd><?cs var:c.Name ?></dd>
      <dt>身份证号</dt><dd class="mono"><?cs var:c.IdMask ?></dd>
      <dt>颁证机构</dt><dd><?cs var:c.Org ?></dd>
      <dt>考试计划</dt><dd><?cs var:c.Plan ?></dd>
      <dt>发证时间</dt><dd><?cs if:c.IssuedOn ?><?cs var:c.IssuedOn ?><?cs else ?>尚未签发<?cs /if ?></dd>
      <?cs if:c.Status == "confirmed" ?><dt>纸质证书</dt><dd class="paper"><?cs if:Paper[c.Id].Label ?><span class="status"><?cs var:Paper[c.Id].Label ?></span> <?cs var:Paper[c.Id].Date ?><?cs if:Paper[c.Id].Mail ?>（<?cs var:Paper[c.Id].Mail ?>）<?cs /if ?><?cs else ?><span class="muted">制作中</span><?cs /if ?></dd><?cs /if ?>
    </dl>
    <?cs if:c.ImgUrl ?><p><img class="certimg" src="<?cs var:c.ImgUrl ?>" alt="电子证书 <?cs var:c.Number ?>" width="877" height="620"></p><?cs /if ?>
    <?cs if:c.Status == "confirmed" ?><p class="actions"><a class="btn" href="/certs/print?ids=<?cs var:c.Id ?>">打印</a> <a class="btn" href="/certs/<?cs var:c.Id ?>/certificate.png">电子证书（PNG）</a> <a class="btn primary" href="/certs/<?cs var:c.Id ?>/certificate.pdf">下载 PDF（平台签名）</a></p><?cs /if ?>
  </div>
  <?cs /each ?>
  <?cs if:List.Shown == 0 ?><p class="muted">暂无证书。</p><?cs /if ?>
  <p><a class="btn" href="/verify/mine">分享码与查验记录</a></p>
</section>

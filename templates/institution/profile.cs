<section class="card">
  <h1>试点院校管理</h1>
  <dl class="facts">
    <dt>院校名称</dt><dd><?cs var:Inst.Name ?></dd>
    <dt>院校代码（考核站点）</dt><dd><?cs var:Inst.Code ?></dd>
    <dt>所在地区</dt><dd><?cs var:Inst.Region ?></dd>
    <dt>试点院校负责人账号</dt><dd><?cs var:Inst.PrincipalLogin ?>（<?cs var:Inst.PrincipalName ?>）</dd>
  </dl>
</section>
<section class="card">
  <h2>电子签章</h2>
  <?cs if:Inst.IsPrincipal ?>
  <p>考核站点负责人签名章仅限试点院校负责人上传、查看和使用，用于确认签发证书。</p>
  <p><a class="btn primary" href="/inst/seal">上传和管理电子签章</a></p>
  <?cs else ?>
  <p class="muted">电子签章仅限试点院校负责人（初始账号）上传和管理，其他人均无权查看与使用。</p>
  <?cs /if ?>
</section>

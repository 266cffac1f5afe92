<?cs include:"macros.cs" ?>
<section class="card">
  <h1><?cs var:Plan.Name ?></h1>
  <dl class="facts">
    <dt>证书</dt><dd><?cs var:Plan.Cert ?>（<?cs var:Plan.Level ?>）</dd>
    <dt>考试日期</dt><dd><?cs var:Plan.Date ?></dd>
    <dt>培训评价组织</dt><dd><?cs var:Plan.Org ?></dd>
    <dt>考核结果</dt><dd>已通过 <?cs var:Results.passed ?> · 未通过 <?cs var:Results.failed ?> · 缺考 <?cs var:Results.absent ?></dd>
  </dl>
  <div class="tablewrap"><table>
    <thead><tr><th>考核站点</th><th>院校</th><th>报名人数</th><th>通过人数</th></tr></thead>
    <tbody><?cs each:s = Sites ?><tr><td class="mono"><?cs var:s.Code ?></td><td><?cs var:s.Name ?></td><td><?cs var:s.Registered ?></td><td><?cs var:s.Passed ?></td></tr><?cs /each ?></tbody>
  </table></div>
</section>
<?cs if:Import.Kind ?>
<section class="card">
  <h2><?cs var:Import.Kind ?>导入结果</h2>
  <?cs if:Import.NErrors > 0 ?>
  <div class="error" role="alert">发现 <?cs var:Import.NErrors ?> 处错误，本次没有导入任何数据。</div>
  <div class="tablewrap"><table><thead><tr><th>行</th><th>原因</th></tr></thead><tbody>
  <?cs each:e = Import.Errors ?><tr><td><?cs if:e.Row > 0 ?>第 <?cs var:e.Row ?> 行<?cs /if ?></td><td><?cs var:e.Reason ?></td></tr><?cs /each ?>
  </tbody></table></div>
  <?cs else ?><div class="notice ok">已导入 <?cs var:Import.Done ?> 条<?cs var:Import.Kind ?>记录。</div><?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Plan.MySite && (Session.Role == "principal" || Session.Role == "biz") ?>
<section class="card">
  <h2>报名导入</h2>
  <p class="muted">CSV 文件，需包含“证件号码”列；学生须已在本院校登记。</p>
  <form method="post" action="/students/plans/<?cs var:Plan.Id ?>/register" enctype="multipart/form-data" class="grid">
    <?cs call:csrf() ?><label>CSV 文件<input type="file" name="file" accept=".csv,text/csv" required></label>
    <button type="submit" class="btn primary">导入报名</button></form>
</section>
<?cs /if ?>
<?cs if:Session.Role == "org" ?>
<section class="card">
  <h2>成绩导入</h2>
  <p class="muted">CSV 文件，列：证件号码、成绩（0-100，可空）、考核状态（已通过 / 未通过 / 缺考）。已生成证书的成绩不能修改。</p>
  <form method="post" action="/students/plans/<?cs var:Plan.Id ?>/results" enctype="multipart/form-data" class="grid">
    <?cs call:csrf() ?><label>CSV 文件<input type="file" name="file" accept=".csv,text/csv" required></label>
    <button type="submit" class="btn primary">导入成绩</button></form>
</section>
<?cs /if ?>

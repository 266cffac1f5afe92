<?cs include:"macros.cs" ?>
<?cs if:Seal.Owner == "institution" ?>
<section class="card" id="principal">
  <h1>考核站点负责人</h1>
  <p class="muted">一个试点院校无论参加多少个证书的试点，有且只允许有一个考核站点负责人，要求副校长及以上职位承担。</p>
  <form method="post" action="/inst/principal" class="grid">
    <?cs call:csrf() ?>
    <label>姓名<input name="name" value="<?cs var:Principal.Name ?>" required maxlength="30"></label>
    <label>职务<select name="title" required>
      <option value="">请选择</option>
      <?cs each:t = Titles ?><option<?cs if:t == Principal.Title ?> selected<?cs /if ?>><?cs var:t ?></option><?cs /each ?>
    </select></label>
    <button type="submit" class="btn">保存</button>
  </form>
</section>
<?cs /if ?>
<section class="card">
  <h1><?cs if:Seal.Owner == "institution" ?>考核站点负责人签名章<?cs else ?>颁证机构签章<?cs /if ?></h1>
  <?cs call:form_error() ?>
  <?cs if:Seals.0.Id ?>
  <div class="sealnow">
    <div class="sealbox"><img src="<?cs var:Seal.Base ?>/v/<?cs var:Seals.0.Id ?>.png" alt="当前签章（第<?cs var:Seals.0.Version ?>版）"></div>
    <div>
      <p><b>当前签章：第 <?cs var:Seals.0.Version ?> 版</b>（<?cs var:Seals.0.Variant ?>）</p>
      <p class="muted">保存于 <?cs var:Seals.0.At ?>，由 <?cs var:Seals.0.Who ?> 按第 <?cs var:Seals.0.Letter ?> 版授权委托书确认。</p>
      <p><a href="<?cs var:Seal.Base ?>/v/<?cs var:Seals.0.Id ?>/preview">查看加盖在证书上的效果</a></p>
    </div>
  </div>
  <?cs else ?>
  <p class="notice">尚未上传签章。确认签发证书前，请先上传<?cs if:Seal.Owner == "institution" ?>考核站点负责人签名章<?cs else ?>颁证机构签章<?cs /if ?>。</p>
  <?cs /if ?>
  <h2>上传电子签章</h2>
  <ul class="rules">
    <li>PNG 格式，白色背景的正方形图片，大小不超过 1MB，尺寸不超过 2000×2000 像素；</li>
    <li>建议尺寸 95×95 像素以上，清晰度越高打印效果越好（建议 400×400 像素以上）；</li>
    <li>上传后系统会自动去除白色背景、裁去多余边距并居中，您可在预览中对比原图与处理后的效果；</li>
    <li>此电子签章仅限于确认签发证书时使用<?cs if:Seal.Owner == "institution" ?>，仅试点院校负责人可以上传、查看和使用<?cs /if ?>。</li>
  </ul>
  <form method="post" action="<?cs var:Seal.Base ?>/upload" enctype="multipart/form-data" class="grid">
    <?cs call:csrf() ?>
    <label>签章图片<input type="file" name="seal" accept="image/png" required></label>
    <button type="submit" class="btn primary">上传并预览效果</button>
  </form>
</section>
<?cs if:Seals.0.Id ?>
<section class="card">
  <h2>历史版本</h2>
  <p class="muted">每次保存都会生成新版本；已确认签发的证书始终保留当时使用的签章，已用于证书的版本不能删除。</p>
  <div class="tablewrap"><table>
    <thead><tr><th>版本</th><th>图片</th><th>保存时间</th><th>确认人</th><th>SHA-256</th><th>已用于证书</th><th></th></tr></thead>
    <tbody>
    <?cs each:s = Seals ?>
    <tr><td>第 <?cs var:s.Version ?> 版<?cs if:name(s) == "0" ?> <span class="tag ok">当前</span><?cs /if ?></td>
      <td><img class="thumb" src="<?cs var:Seal.Base ?>/v/<?cs var:s.Id ?>.png" alt="第<?cs var:s.Version ?>版"></td>
      <td><?cs var:s.At ?></td><td><?cs var:s.Who ?></td><td class="mono"><?cs var:s.Sha ?>…</td><td><?cs var:s.Used ?> 张</td>
      <td><?cs if:s.Used == 0 ?><form method="post" action="<?cs var:Seal.Base ?>/v/<?cs var:s.Id ?>/delete" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small danger">删除</button></form><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div>
</section>
<?cs /if ?>

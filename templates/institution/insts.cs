<?cs include:"macros.cs" ?>
<section class="card">
  <h1>试点院校</h1>
  <div class="tablewrap"><table>
    <thead><tr><th>院校代码（考核站点）</th><th>院校名称</th><th>所在地区</th><th>负责人账号</th><th></th></tr></thead>
    <tbody>
    <?cs each:i = Insts ?>
    <tr><td class="mono"><?cs var:i.Code ?></td><td><?cs var:i.Name ?></td><td><?cs var:i.Region ?></td><td><?cs var:i.Principal ?></td><td><a href="/admin/institutions/<?cs var:i.Id ?>">管理</a></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div>
</section>
<section class="card">
  <h2>新增试点院校</h2>
  <p class="muted">每个试点院校同时是考核站点，并且有且只有一个负责人账号（初始账号，登录名为“p”加院校代码）。</p>
  <?cs call:form_error() ?>
  <form method="post" action="/admin/institutions" class="grid">
    <?cs call:csrf() ?>
    <label>院校代码（20位数字）<input name="code" value="<?cs var:Form.code ?>" required pattern="[0-9]{20}" maxlength="20" inputmode="numeric"></label>
    <label>院校名称<input name="name" value="<?cs var:Form.name ?>" required maxlength="100"></label>
    <label>所在地区<input name="region" value="<?cs var:Form.region ?>" required maxlength="60" placeholder="如 辽宁省大连市"></label>
    <label>负责人姓名<input name="principal_name" value="<?cs var:Form.principal_name ?>" required maxlength="30"></label>
    <button type="submit" class="btn primary">新增</button>
  </form>
</section>

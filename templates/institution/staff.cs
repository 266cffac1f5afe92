<?cs include:"macros.cs" ?>
<section class="card">
  <h1>业务管理员账号</h1>
  <p class="muted">业务管理员协助处理学生信息和证书发放，但不能查看或使用负责人的电子签章。</p>
  <div class="tablewrap"><table>
    <thead><tr><th>登录账号</th><th>姓名</th><th>创建时间</th><th>状态</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:s = Staff ?>
    <tr><td><?cs var:s.Login ?></td><td><?cs var:s.Name ?></td><td class="nowrap"><?cs var:s.Created ?></td>
      <td><?cs if:s.Disabled == "1" ?><span class="tag off">已停用</span><?cs else ?><span class="tag ok">正常</span><?cs /if ?></td>
      <td class="actions">
        <?cs if:s.Disabled == "1" ?>
        <form method="post" action="/inst/staff/<?cs var:s.Id ?>/enable" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small">启用</button></form>
        <?cs else ?>
        <form method="post" action="/inst/staff/<?cs var:s.Id ?>/disable" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small">停用</button></form>
        <?cs /if ?>
        <form method="post" action="/inst/staff/<?cs var:s.Id ?>/reset" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small">重置密码</button></form>
      </td></tr>
    <?cs /each ?>
    <?cs if:!Staff.0.Login ?><tr><td colspan="5" class="muted">尚无业务管理员</td></tr><?cs /if ?>
    </tbody>
  </table></div>
</section>
<section class="card">
  <h2>新增业务管理员</h2>
  <?cs call:form_error() ?>
  <form method="post" action="/inst/staff" class="grid">
    <?cs call:csrf() ?>
    <label>登录账号<input name="login" value="<?cs var:Form.login ?>" required maxlength="32"></label>
    <label>姓名<input name="display_name" value="<?cs var:Form.display_name ?>" required maxlength="30"></label>
    <button type="submit" class="btn primary">新增</button>
  </form>
</section>

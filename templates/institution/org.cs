<?cs include:"macros.cs" ?>
<section class="card">
  <h1><?cs var:Org.Name ?></h1>
  <p class="muted">机构代码 <?cs var:Org.Code ?></p>
  <?cs call:form_error() ?>
  <?cs if:Session.Role == "admin" ?>
  <form method="post" action="/admin/orgs/<?cs var:Org.Id ?>" class="grid">
    <?cs call:csrf() ?>
    <label>机构代码<input name="code" value="<?cs var:Org.Code ?>" required maxlength="32"></label>
    <label>机构名称<input name="name" value="<?cs var:Org.Name ?>" required maxlength="100"></label>
    <button type="submit" class="btn">保存</button>
  </form>
  <?cs /if ?>
</section>
<section class="card">
  <h2>证书目录</h2>
  <div class="tablewrap"><table>
    <thead><tr><th>证书名称</th><th>等级</th></tr></thead>
    <tbody>
    <?cs each:t = Types ?><tr><td><?cs var:t.Name ?></td><td><?cs var:t.Level ?></td></tr><?cs /each ?>
    <?cs if:!Types.0.Name ?><tr><td colspan="2" class="muted">目录为空</td></tr><?cs /if ?>
    </tbody>
  </table></div>
  <?cs if:Session.Role == "admin" ?>
  <form method="post" action="/admin/orgs/<?cs var:Org.Id ?>/types" class="grid">
    <?cs call:csrf() ?>
    <label>证书名称<input name="name" required maxlength="100" placeholder="如 特殊焊接技术职业技能等级证书"></label>
    <label>等级<select name="level"><option>初级</option><option>中级</option><option>高级</option></select></label>
    <button type="submit" class="btn">加入目录</button>
  </form>
  <?cs /if ?>
</section>
<?cs if:Session.Role == "admin" ?>
<section class="card">
  <h2>工作人员账号</h2>
  <div class="tablewrap"><table>
    <thead><tr><th>登录账号</th><th>姓名</th><th>状态</th></tr></thead>
    <tbody>
    <?cs each:s = Staff ?><tr><td><?cs var:s.Login ?></td><td><?cs var:s.Name ?></td><td><?cs if:s.Disabled == "1" ?>已停用<?cs else ?>正常<?cs /if ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <form method="post" action="/admin/orgs/<?cs var:Org.Id ?>/staff" class="grid">
    <?cs call:csrf() ?>
    <label>登录账号<input name="login" required maxlength="32"></label>
    <label>姓名<input name="display_name" required maxlength="30"></label>
    <button type="submit" class="btn">新增账号</button>
  </form>
</section>
<?cs /if ?>

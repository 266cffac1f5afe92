<?cs include:"macros.cs" ?>
<section class="card">
  <h1><?cs var:Inst.Name ?></h1>
  <p class="muted">院校代码 <span class="mono"><?cs var:Inst.Code ?></span> · 负责人账号 <?cs var:Inst.PrincipalLogin ?>（<?cs var:Inst.PrincipalName ?>）</p>
  <?cs call:form_error() ?>
  <form method="post" action="/admin/institutions/<?cs var:Inst.Id ?>" class="grid">
    <?cs call:csrf() ?>
    <label>院校名称<input name="name" value="<?cs var:Inst.Name ?>" required maxlength="100"></label>
    <label>所在地区<input name="region" value="<?cs var:Inst.Region ?>" required maxlength="60"></label>
    <button type="submit" class="btn">保存</button>
  </form>
</section>
<section class="card">
  <h2>重置负责人密码</h2>
  <p class="muted">生成新的一次性初始密码，负责人下次登录时必须修改。</p>
  <form method="post" action="/admin/institutions/<?cs var:Inst.Id ?>/reset">
    <?cs call:csrf() ?>
    <button type="submit" class="btn danger">重置密码</button>
  </form>
</section>

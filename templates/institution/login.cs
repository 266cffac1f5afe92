<?cs include:"macros.cs" ?>
<section class="card login">
  <h1>登录</h1>
  <p class="muted">培训评价组织、试点院校及平台管理员请使用账号登录；学生请使用身份证号登录。</p>
  <?cs call:form_error() ?>
  <form method="post" action="/login">
    <?cs call:csrf() ?>
    <input type="hidden" name="next" value="<?cs var:Form.next ?>">
    <label>账号 / 身份证号<input name="login" value="<?cs var:Form.login ?>" autocomplete="username" required autofocus></label>
    <label>密码<input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit" class="btn primary">登录</button>
  </form>
  <p class="muted"><a href="/verify">证书查询（无需登录）</a></p>
</section>

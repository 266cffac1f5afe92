<?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1>修改密码</h1>
  <?cs if:Form.MustChange ?><div class="notice">首次登录或密码被重置后，请先设置您自己的密码。</div><?cs /if ?>
  <?cs call:form_error() ?>
  <form method="post" action="/password">
    <?cs call:csrf() ?>
    <label>原密码<input type="password" name="old_password" autocomplete="current-password" required></label>
    <label>新密码（至少8个字符，不能使用常见密码）<input type="password" name="new_password" autocomplete="new-password" minlength="8" required></label>
    <label>确认新密码<input type="password" name="new_password2" autocomplete="new-password" minlength="8" required></label>
    <button type="submit" class="btn primary">保存新密码</button>
  </form>
  <p class="muted">修改后，您在其他设备上的登录将全部退出。</p>
</section>

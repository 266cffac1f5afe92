<section class="card narrow">
  <h1>初始密码</h1>
  <p>账号 <b><?cs var:Onetime.Login ?></b> 的一次性初始密码为：</p>
  <p class="secret"><code><?cs var:Onetime.Password ?></code></p>
  <div class="notice">该密码只显示这一次，请立即安全地交给账号使用人。首次登录时必须修改密码。</div>
  <?cs if:Onetime.Student ?><p class="muted">学生在登录页输入自己的证件号码和此密码登录，即可在“我的证书”中查看证书。</p><?cs /if ?>
  <p><a class="btn primary" href="<?cs var:Onetime.Back ?>">完成</a></p>
</section>

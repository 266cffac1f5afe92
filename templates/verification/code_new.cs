<section class="card narrow">
  <h1>分享码已生成</h1>
  <p>您的分享码（<?cs var:Code.Days ?>天内有效）：</p>
  <p class="secret"><code><?cs var:Code.Text ?></code></p>
  <div class="notice">分享码只显示这一次，请复制后交给用人单位。对方在“证书查询 → 分享码查询”输入即可查验，无需您的身份证号。您可以随时撤销，每次使用都会记录在“分享码与查验记录”中。</div>
  <p><a class="btn primary" href="/verify/mine">完成</a></p>
</section>

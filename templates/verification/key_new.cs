<section class="card narrow">
  <h1>API 密钥</h1>
  <p>用人单位 <b><?cs var:Key.Employer ?></b> 的 API 密钥为：</p>
  <p class="secret"><code class="long"><?cs var:Key.Secret ?></code></p>
  <div class="notice">该密钥只显示这一次，平台不保存原文。请立即安全地交给用人单位；遗失后只能撤销并发放新密钥。</div>
  <p class="muted">调用方式：<code>Authorization: Bearer 密钥</code>，详见 README 中的“用人单位查验接口”。</p>
  <p><a class="btn primary" href="/verify/apikeys">完成</a></p>
</section>

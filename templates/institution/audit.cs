<section class="card">
  <h1>审计日志校验</h1>
  <p class="muted">逐条重新计算哈希链：序号从 1 起连续，每条的 prev_hash 等于上一条的 hash，每条的 hash 与其内容相符，链头 audit_head 指向最后一条。</p>
  <?cs if:Audit.Broken.Seq ?>
  <div class="verified warn" role="alert">审计日志链已断开：第一个断点在序号 <b class="mono"><?cs var:Audit.Broken.Seq ?></b></div>
  <dl class="facts">
    <dt>断点序号</dt><dd class="mono"><?cs var:Audit.Broken.Seq ?></dd>
    <dt>问题</dt><dd><?cs var:Audit.Broken.Text ?> <span class="muted">(<?cs var:Audit.Broken.Kind ?>)</span></dd>
    <?cs if:Audit.Broken.Kind == "gap in seq" ?><dt>下一条实际序号</dt><dd class="mono"><?cs var:Audit.Broken.Found ?></dd><?cs /if ?>
    <?cs if:Audit.Broken.Kind == "head mismatch" ?><dt>日志最后一条</dt><dd class="mono"><?cs var:Audit.Broken.Found ?></dd><?cs /if ?>
    <dt>断点之前已校验</dt><dd><?cs var:Audit.Rows ?> 条</dd>
    <dt>链头序号</dt><dd class="mono"><?cs var:Audit.Head ?></dd>
  </dl>
  <?cs else ?>
  <div class="verified" role="status">审计日志链完整（intact）</div>
  <dl class="facts">
    <dt>已校验</dt><dd><?cs var:Audit.Rows ?> 条</dd>
    <dt>链头序号</dt><dd class="mono"><?cs var:Audit.Head ?></dd>
  </dl>
  <?cs /if ?>
  <p class="muted">用时 <?cs var:Audit.Ms ?> 毫秒。命令行：<span class="mono">xadmin audit-verify</span></p>
</section>

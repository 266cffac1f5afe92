<section class="card errorpage">
  <h1><?cs var:Error.Code ?></h1>
  <p><?cs var:Error.Message ?></p>
  <p class="muted">如需帮助，请向管理员提供请求编号 <?cs var:Req.Id ?>。</p>
  <p><a class="btn" href="/">返回首页</a></p>
</section>

<section class="card narrow">
  <h1><?cs var:Page.Title ?></h1>
  <div class="error" role="alert"><?cs var:Page.Message ?></div>
  <p><?cs if:Page.Back ?><a class="btn" href="/certs/<?cs var:Page.Back ?>">返回证书记录</a><?cs /if ?>
  <a class="btn" href="/certs">返回证书发放管理</a></p>
</section>

<section class="card narrow">
  <h1><?cs var:Page.Title ?></h1>
  <div class="error" role="alert"><?cs var:Page.Message ?></div>
  <p><?cs if:Page.Ship ?><a class="btn" href="/certs/shipments/<?cs var:Page.Ship ?>">返回包裹</a><?cs /if ?>
  <a class="btn" href="/certs/shipments">返回纸质证书寄送</a></p>
</section>

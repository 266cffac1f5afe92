<section class="card">
  <h1>批量预览（<?cs var:Preview.N ?> 份）</h1>
  <p class="muted">证书按签发后的样子绘制：证书内容取自每条记录的待签发内容，签章为各方当前的签章（尚未上传的不显示），发证日期在确认签发后确定。<?cs if:Preview.More ?>已勾选 <?cs var:Preview.More ?> 份，这里显示前 20 份。<?cs /if ?></p>
  <p><a class="btn" href="/certs">返回列表</a></p>
  <div class="previews">
  <?cs each:c = Items ?>
    <figure class="preview"><img src="/certs/<?cs var:c.Id ?>/preview.png" alt="证书 <?cs var:c.Number ?> 预览" loading="lazy" width="1754" height="1240"><figcaption><?cs var:c.Name ?> · <span class="mono"><?cs var:c.Number ?></span> · <a href="/certs/<?cs var:c.Id ?>">查看</a><?cs if:c.Preflight ?><span class="fielderr preflight"><?cs var:c.Preflight ?></span><?cs /if ?></figcaption></figure>
  <?cs /each ?>
  </div>
</section>

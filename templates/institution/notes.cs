<?cs include:"macros.cs" ?>
<section class="card">
  <h1>通知</h1>
  <?cs if:Notes.0.Title ?>
  <form method="post" action="/notifications/read" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small">全部标为已读</button></form>
  <ul class="notes">
  <?cs each:n = Notes ?>
    <li<?cs if:n.Unread == "1" ?> class="unread"<?cs /if ?>><span class="muted"><?cs var:n.At ?></span> <?cs if:n.Link ?><a href="<?cs var:n.Link ?>"><?cs var:n.Title ?></a><?cs else ?><?cs var:n.Title ?><?cs /if ?></li>
  <?cs /each ?>
  </ul>
  <?cs else ?><p class="muted">暂无通知。</p><?cs /if ?>
</section>

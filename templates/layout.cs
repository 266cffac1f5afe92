<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.Title ?> - 职业技能等级证书信息管理服务平台</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/"><span class="logo">X</span>职业技能等级证书信息管理服务平台</a>
  <?cs if:Session.Name ?>
  <div class="who">
    <span class="name"><?cs var:Session.Name ?></span>
    <span class="role"><?cs if:Session.Name != Session.RoleName ?><?cs var:Session.RoleName ?><?cs /if ?><?cs if:Session.Inst ?> · <?cs var:Session.Inst ?><?cs /if ?><?cs if:Session.Org ?> · <?cs var:Session.Org ?><?cs /if ?></span>
    <a href="/notifications">通知<?cs if:Session.Unread ?> <span class="badge"><?cs var:Session.Unread ?></span><?cs /if ?></a>
    <a href="/password">修改密码</a>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="<!--xc:csrf-->"><button type="submit" class="linkbtn">退出登录</button></form>
  </div>
  <?cs else ?>
  <div class="who"><a href="/verify">证书查询</a> <a href="/login">登录</a></div>
  <?cs /if ?>
</header>
<div class="shell<?cs if:!Session.Name ?> anon<?cs /if ?>">
<?cs if:Session.Name ?>
<nav class="menu" aria-label="主菜单">
<?cs each:g = Nav ?>
  <div class="group<?cs if:g.Active ?> active<?cs /if ?>">
    <div class="gl"><?cs var:g.Label ?></div>
    <?cs each:s = g.Sub ?><a href="<?cs var:s.Href ?>"<?cs if:s.Active ?> class="on" aria-current="page"<?cs /if ?>><?cs var:s.Label ?><?cs if:s.Badge ?> <span class="badge"><?cs var:s.Badge ?></span><?cs /if ?></a><?cs /each ?>
  </div>
<?cs /each ?>
</nav>
<?cs /if ?>
<main>
<?cs if:Page.Crumb.Group && Page.Crumb.Group != Page.Crumb.Item ?><div class="crumb"><?cs var:Page.Crumb.Group ?> &gt; <?cs var:Page.Crumb.Item ?></div><?cs /if ?>
<?cs if:Page.Flash ?><div class="flash" role="status"><?cs var:Page.Flash ?></div><?cs /if ?>
<?cs if:Page.Notice ?><div class="notice"><?cs var:Page.Notice ?></div><?cs /if ?>
<?cs include:Page.Template ?>
</main>
</div>
<footer>职业技能等级证书信息管理服务平台 · 请求编号 <?cs var:Req.Id ?></footer>
</body>
</html>

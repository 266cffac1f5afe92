<section class="card">
  <h1>欢迎，<?cs var:Session.Name ?></h1>
  <p class="muted"><?cs var:Session.RoleName ?><?cs if:Session.Inst ?> · <?cs var:Session.Inst ?><?cs /if ?><?cs if:Session.Org ?> · <?cs var:Session.Org ?><?cs /if ?></p>
</section>
<?cs if:Session.Role == "admin" ?>
<section class="stats">
  <a class="stat" href="/admin/orgs"><b><?cs var:Totals.Orgs ?></b><span>培训评价组织</span></a>
  <a class="stat" href="/admin/institutions"><b><?cs var:Totals.Insts ?></b><span>试点院校</span></a>
  <a class="stat" href="/students"><b><?cs var:Totals.Students ?></b><span>学生</span></a>
  <a class="stat" href="/certs"><b><?cs var:Counts.all ?></b><span>证书</span></a>
</section>
<?cs /if ?>
<?cs if:Session.Role == "student" ?>
<section class="card">
  <h2>我的证书</h2>
  <p>您共有 <b><?cs var:Counts.all ?></b> 张证书，其中已签发 <b><?cs var:Counts.confirmed ?></b> 张。</p>
  <p><a class="btn primary" href="/certs/mine">查看我的证书</a></p>
</section>
<?cs else ?>
<section class="card">
  <h2>证书发放概况</h2>
  <div class="tabs">
    <a href="/certs">全部 <b><?cs var:Counts.all ?></b></a>
    <?cs each:t = Tabs ?><a href="/certs?status=<?cs var:t.Key ?>"><?cs var:t.Label ?> <b><?cs var:Counts[t.Key] ?></b></a><?cs /each ?>
  </div>
  <?cs if:Session.Role == "principal" ?>
  <p class="muted">请先在“机构管理 &gt; 试点院校管理”中上传考核站点负责人签名章，再到“证书管理 &gt; 证书发放管理”确认签发证书。</p>
  <?cs /if ?>
</section>
<?cs /if ?>

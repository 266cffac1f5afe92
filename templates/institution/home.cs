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
  <?cs if:Wait.0.Key ?>
  <h2>待我处理</h2>
  <ul class="waits">
  <?cs each:w = Wait ?>
    <li><a href="<?cs var:w.Link ?>"><?cs var:w.Label ?> <b><?cs var:Counts[w.Key] ?></b></a>
      <?cs if:w.Oldest ?><span class="muted">等待最久的一条已 <?cs var:w.Age ?>（<a href="/certs/<?cs var:w.Oldest ?>">查看</a>）</span><?cs else ?><span class="muted">无</span><?cs /if ?></li>
  <?cs /each ?>
  <?cs if:Session.Role == "biz" || Session.Role == "principal" ?>
    <li><a href="/certs/requests">待负责人签字的批次 <b><?cs var:Submitted.N ?></b></a>
      <?cs if:Submitted.Age ?><span class="muted">最早的一批已等待 <?cs var:Submitted.Age ?></span><?cs /if ?></li>
  <?cs /if ?>
  </ul>
  <p class="actions">
    <?cs if:Session.Role == "org" ?><a class="btn primary" href="/certs/generate">生成待签发名单</a> <?cs /if ?>
    <a class="btn" href="/certs">证书发放管理</a>
    <?cs if:Session.Role != "admin" ?><a class="btn" href="/certs/requests">签字批次</a><?cs /if ?>
  </p>
  <?cs /if ?>
  <?cs if:Session.Role == "principal" ?>
  <p class="muted">请先在“机构管理 &gt; 试点院校管理”中上传考核站点负责人签名章，再到“证书管理 &gt; 证书发放管理”确认签发证书。</p>
  <?cs /if ?>
</section>
<section class="card">
  <h2>发证进度（按<?cs var:Chart.By ?>，证书数最多的前 10 个）</h2>
  <?cs if:Chart.Rows.0.Name ?>
  <ul class="legend">
  <?cs each:l = Legend ?><li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill="<?cs var:l.Fill ?>"/></svg><?cs var:l.Label ?></li><?cs /each ?>
  </ul>
  <svg class="chart" width="100%" height="<?cs var:Chart.Height ?>" role="img" aria-label="发证进度">
  <?cs each:c = Chart.Rows ?>
    <g transform="translate(0 <?cs var:c.Y ?>)">
      <title><?cs var:c.Title ?>：共 <?cs var:c.Total ?><?cs each:g = c.Seg ?>，<?cs var:Legend[name(g)].Label ?> <?cs var:g.N ?><?cs /each ?></title>
      <text x="0" y="14" font-size="13" fill="#1f2937"><?cs var:c.Name ?></text>
      <text x="100%" y="14" font-size="13" font-weight="600" fill="#1f2937" text-anchor="end">共 <?cs var:c.Total ?></text>
      <rect x="0" y="20" width="100%" height="14" rx="3" fill="#eef1f5"/>
      <?cs each:g = c.Seg ?><?cs if:g.N > 0 ?><rect x="<?cs var:g.X ?>" y="20" width="<?cs var:g.W ?>" height="14" fill="<?cs var:g.Fill ?>"/><?cs /if ?><?cs /each ?>
      <?cs each:g = c.Seg ?><text x="<?cs var:g.Key ?>" y="50" font-size="12" fill="#4b5563"><tspan fill="<?cs var:g.Fill ?>">■</tspan> <?cs var:g.N ?></text><?cs /each ?>
    </g>
  <?cs /each ?>
  </svg>
  <?cs else ?>
  <p class="muted">暂无证书记录。</p>
  <?cs /if ?>
</section>
<?cs /if ?>

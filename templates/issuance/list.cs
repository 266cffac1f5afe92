<section class="card certlist">
  <h1>证书发放管理</h1>
  <?cs include:"macros.cs" ?>
  <?cs def:choices(opt, sel) ?><?cs if:sel ?><?cs each:o = opt.L ?><option value="<?cs var:o.Id ?>"<?cs if:o.Id == sel ?> selected<?cs /if ?>><?cs var:o.Label ?></option><?cs /each ?><?cs elif:opt.Frag != "" ?><!--xc:frag <?cs var:opt.Frag ?>--><?cs else ?><?cs include:"issuance/options.cs" ?><?cs /if ?><?cs /def ?><?cs def:filter_fields() ?><?cs if:Form.name ?><input type="hidden" name="name" value="<?cs var:Form.name ?>"><?cs /if ?>
    <?cs if:Form.idx ?><input type="hidden" name="idx" value="<?cs var:Form.idx ?>"><?cs /if ?>
    <?cs if:Form.stype ?><input type="hidden" name="stype" value="<?cs var:Form.stype ?>"><?cs /if ?>
    <?cs if:Form.inst ?><input type="hidden" name="inst" value="<?cs var:Form.inst ?>"><?cs /if ?>
    <?cs if:Form.number ?><input type="hidden" name="number" value="<?cs var:Form.number ?>"><?cs /if ?>
    <?cs if:Form.type ?><input type="hidden" name="type" value="<?cs var:Form.type ?>"><?cs /if ?>
    <?cs if:Form.org ?><input type="hidden" name="org" value="<?cs var:Form.org ?>"><?cs /if ?>
    <?cs if:Form.plan ?><input type="hidden" name="plan" value="<?cs var:Form.plan ?>"><?cs /if ?>
    <?cs if:Form.site ?><input type="hidden" name="site" value="<?cs var:Form.site ?>"><?cs /if ?><?cs /def ?>
  <form method="post" action="/certs/find" class="filters certfilters">
    <?cs call:csrf() ?>
    <label>学生姓名<input name="name" value="<?cs var:Form.name ?>" maxlength="40"></label>
    <label>身份证号<input name="idno" maxlength="18" autocomplete="off"<?cs if:Form.IdFiltered ?> placeholder="已按身份证号筛选"<?cs /if ?>><?cs if:Form.IdError ?><span class="fielderr" role="alert"><?cs var:Form.IdError ?></span><?cs /if ?></label>
    <label>学生类型<select name="stype"><option value="">全部</option><option<?cs if:Form.stype == "院校学生" ?> selected<?cs /if ?>>院校学生</option><option<?cs if:Form.stype == "社会学员" ?> selected<?cs /if ?>>社会学员</option></select></label>
    <?cs if:Opt.Inst.Shown ?><label>所属院校<select name="inst"><option value="">全部</option><?cs call:choices(Opt.Inst, Form.inst) ?></select></label><?cs /if ?>
    <label>证书编号<input name="number" value="<?cs var:Form.number ?>" maxlength="23" inputmode="numeric"><?cs if:Form.NumberError ?><span class="fielderr" role="alert"><?cs var:Form.NumberError ?></span><?cs /if ?></label>
    <label>证书名称<select name="type"><option value="">全部</option><?cs call:choices(Opt.Type, Form.type) ?></select></label>
    <?cs if:Opt.Org.Shown ?><label>颁证机构<select name="org"><option value="">全部</option><?cs call:choices(Opt.Org, Form.org) ?></select></label><?cs /if ?>
    <label>考试计划<select name="plan"><option value="">全部</option><?cs call:choices(Opt.Plan, Form.plan) ?></select></label>
    <label>考核站点<select name="site"><option value="">全部</option><?cs call:choices(Opt.Site, Form.site) ?></select></label>
    <input type="hidden" name="per" value="<?cs var:Form.per ?>">
    <?cs if:Form.status ?><input type="hidden" name="status" value="<?cs var:Form.status ?>"><?cs /if ?>
    <div class="filterbtns"><button type="submit" class="btn primary">查询</button></div>
  </form>
  <?cs if:Form.Filtered ?><p class="filtered">已按筛选条件显示，状态计数为符合条件的证书。 <a href="/certs<?cs if:Form.status ?>?status=<?cs var:url_escape(Form.status) ?><?cs /if ?>">清除筛选</a></p><?cs /if ?>

  <div class="listbar">
    <div class="tabs" role="tablist">
      <a href="/certs?per=<?cs var:Form.per ?><?cs if:Form.Query ?>&amp;<?cs var:Form.Query ?><?cs /if ?>"<?cs if:!Form.status ?> class="on"<?cs /if ?>>全部 <b><?cs var:Counts.all ?></b></a>
      <?cs each:t = Tabs ?><a href="/certs?status=<?cs var:t.Key ?>&amp;per=<?cs var:Form.per ?><?cs if:Form.Query ?>&amp;<?cs var:Form.Query ?><?cs /if ?>"<?cs if:Form.status == t.Key ?> class="on"<?cs /if ?>><?cs var:t.Label ?> <b><?cs var:Counts[t.Key] ?></b></a><?cs /each ?>
    </div>
    <form id="batch" method="post" action="/certs/sign" class="batchbtns">
      <?cs call:csrf() ?>
      <button type="submit" class="btn" formaction="/certs/preview">批量预览</button>
      <a class="btn" href="/certs/export.xlsx?status=<?cs var:url_escape(Form.status) ?><?cs if:Form.Query ?>&amp;<?cs var:Form.Query ?><?cs /if ?>">批量导出发证记录</a>
      <a class="btn small-link" href="/certs/export.csv?status=<?cs var:url_escape(Form.status) ?><?cs if:Form.Query ?>&amp;<?cs var:Form.Query ?><?cs /if ?>">CSV</a>
      <?cs if:Me.Role != "admin" ?><select name="fmt" aria-label="下载格式"><option value="print">打印版 300 dpi</option><option value="screen">屏幕版 150 dpi</option></select><button type="submit" class="btn" formaction="/certs/zip">批量下载</button><?cs /if ?>
      <?cs if:Me.Role != "admin" ?><button type="submit" class="btn primary"><?cs if:Me.Role == "biz" ?>批量提交负责人签字<?cs else ?>批量确认签发<?cs /if ?></button><?cs /if ?>
    </form>
  </div>
  <?cs if:Batch.State && Counts[Batch.State] > 0 ?>
  <form method="post" action="/certs/sign" class="allsign">
    <?cs call:csrf() ?><input type="hidden" name="all" value="1">
    <?cs call:filter_fields() ?>
    <span class="muted">当前筛选下<?cs var:Batch.Label ?> <b><?cs var:Counts[Batch.State] ?></b> 份；下一步显示份数与摘要后再扫码签字。</span>
    <button type="submit" class="btn"><?cs if:Me.Role == "biz" ?>按当前筛选全部提交负责人<?cs else ?>按当前筛选全部确认签发<?cs /if ?></button>
  </form>
  <?cs /if ?>

  <?cs if:Me.Role != "admin" && Counts.confirmed > 0 && (!Form.status || Form.status == "confirmed") ?>
  <form method="post" action="/certs/zip" class="allsign">
    <?cs call:csrf() ?><input type="hidden" name="all" value="1">
    <?cs call:filter_fields() ?>
    <span class="muted">当前筛选下已确认签发 <b><?cs var:Counts.confirmed ?></b> 份，可打包为 ZIP 下载（每次最多 5000 份；<a href="/certs/jobs">我的下载任务</a>）。</span>
    <select name="fmt" aria-label="下载格式"><option value="print">打印版 300 dpi</option><option value="screen">屏幕版 150 dpi</option></select>
    <button type="submit" class="btn">按当前筛选批量下载</button>
  </form>
  <?cs /if ?>
  <div class="tablewrap"><table class="certs">
    <thead><tr><th><label class="withck"><input type="checkbox" data-select-all aria-label="全选">学生信息</label></th><th>证书信息</th><th>考证结果</th><th>证书状态</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:c = Certs ?>
    <tr>
      <td><div class="withck"><input type="checkbox" name="id" value="<?cs var:c.Id ?>" form="batch" aria-label="选择 <?cs var:c.Number ?>"><dl class="kv"><dt>学生姓名</dt><dd><?cs var:c.Name ?></dd><dt>身份证号</dt><dd class="mono"><?cs var:c.IdMask ?></dd><dt>学生类型</dt><dd><?cs var:c.StudentType ?></dd><dt>所属院校</dt><dd><span class="mono"><?cs var:c.InstCode ?></span></dd></dl></div></td>
      <td><dl class="kv"><dt>证书编号</dt><dd class="mono"><?cs var:c.Number ?></dd><dt>证书名称</dt><dd><?cs var:c.CertName ?></dd><dt>证书等级</dt><dd><?cs var:c.Level ?></dd><dt>颁证机构</dt><dd><?cs var:c.Org ?></dd><dt>发证时间</dt><dd><?cs if:c.IssuedOn ?><?cs var:c.IssuedOn ?><?cs else ?><span class="muted">尚未签发</span><?cs /if ?></dd></dl></td>
      <td><dl class="kv"><dt>考试计划</dt><dd><?cs var:c.Plan ?></dd><dt>考核站点</dt><dd class="mono"><?cs var:c.SiteCode ?></dd><dt>考核状态</dt><dd><?cs var:c.Result ?><?cs if:c.Score ?> <span class="muted"><?cs var:c.Score ?> 分</span><?cs /if ?></dd></dl></td>
      <td><span class="status st-<?cs var:c.Status ?>"><?cs var:c.StatusLabel ?></span><?cs if:c.Preflight ?><span class="fielderr preflight"><?cs var:c.Preflight ?></span><?cs /if ?><?cs if:c.Reason ?><div class="reason">理由：<?cs var:c.Reason ?></div><?cs /if ?></td>
      <td class="ops">
        <?cs if:c.CanSign ?><form method="post" action="/certs/sign"><?cs call:csrf() ?><input type="hidden" name="id" value="<?cs var:c.Id ?>"><button type="submit" class="btn small primary">确认</button></form><?cs /if ?>
        <?cs if:c.CanSubmit ?><form method="post" action="/certs/sign"><?cs call:csrf() ?><input type="hidden" name="id" value="<?cs var:c.Id ?>"><button type="submit" class="btn small primary">提交负责人</button></form><?cs /if ?>
        <?cs if:c.CanReject ?><a class="btn small danger" href="/certs/<?cs var:c.Id ?>#reject">拒绝</a><?cs /if ?>
        <?cs if:c.CanReissue ?><form method="post" action="/certs/reissue"><?cs call:csrf() ?><input type="hidden" name="id" value="<?cs var:c.Id ?>"><button type="submit" class="btn small">重新签发</button></form><?cs /if ?>
        <a class="btn small" href="/certs/<?cs var:c.Id ?>">查看</a>
      </td>
    </tr>
    <?cs /each ?>
    <?cs if:!List.Shown ?><tr><td colspan="5" class="muted empty">没有符合条件的证书</td></tr><?cs /if ?>
    </tbody>
  </table></div>
  <?cs def:here() ?>status=<?cs var:url_escape(Form.status) ?><?cs if:Form.Query ?>&amp;<?cs var:Form.Query ?><?cs /if ?><?cs /def ?>
  <div class="pager">
    <span class="muted">共 <?cs if:Form.status ?><?cs var:Counts[Form.status] ?><?cs else ?><?cs var:Counts.all ?><?cs /if ?> 条</span>
    <?cs if:List.NotFirst ?><a href="/certs?per=<?cs var:Form.per ?>&amp;<?cs call:here() ?>">首页</a><?cs /if ?>
    <?cs if:List.Prev ?><a href="/certs?before=<?cs var:List.Prev ?>&amp;per=<?cs var:Form.per ?>&amp;<?cs call:here() ?>" rel="prev">上一页</a><?cs /if ?>
    <?cs if:List.Next ?><a href="/certs?after=<?cs var:List.Next ?>&amp;per=<?cs var:Form.per ?>&amp;<?cs call:here() ?>" rel="next">下一页</a><?cs /if ?>
    <span class="per">每页 <?cs each:n = PerChoices ?><?cs if:n == Form.per ?><b><?cs var:n ?></b><?cs else ?><a href="/certs?per=<?cs var:n ?>&amp;<?cs call:here() ?>"><?cs var:n ?></a><?cs /if ?> <?cs /each ?>条</span>
  </div>
</section>
<script src="/static/sign.js"></script>

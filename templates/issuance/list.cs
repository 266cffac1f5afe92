<section class="card">
  <h1>证书发放管理</h1>
  <form method="post" action="/certs/find" class="filters">
    <?cs include:"macros.cs" ?><?cs call:csrf() ?>
    <label>学生姓名<input name="name" value="<?cs var:Form.name ?>" maxlength="40"></label>
    <label>身份证号<input name="idno" maxlength="18" autocomplete="off"<?cs if:Form.IdFiltered ?> placeholder="已按身份证号筛选"<?cs /if ?>></label>
    <label>证书编号<input name="number" value="<?cs var:Form.number ?>" maxlength="23" inputmode="numeric"></label>
    <?cs if:Form.status ?><input type="hidden" name="status" value="<?cs var:Form.status ?>"><?cs /if ?>
    <button type="submit" class="btn">查询</button>
  </form>
  <?cs if:Form.Error ?><div class="error" role="alert"><?cs var:Form.Error ?></div><?cs /if ?>
  <?cs def:keep() ?><?cs if:Form.name ?>&amp;name=<?cs var:url_escape(Form.name) ?><?cs /if ?><?cs if:Form.number ?>&amp;number=<?cs var:url_escape(Form.number) ?><?cs /if ?><?cs if:Form.idx ?>&amp;idx=<?cs var:Form.idx ?><?cs /if ?><?cs /def ?>
  <?cs if:Form.Filtered ?><p class="filtered">已按筛选条件显示，状态计数为符合条件的证书。 <a href="/certs<?cs if:Form.status ?>?status=<?cs var:url_escape(Form.status) ?><?cs /if ?>">清除筛选</a></p><?cs /if ?>
  <div class="tabs" role="tablist">
    <a href="/certs?status=<?cs call:keep() ?>"<?cs if:!Form.status ?> class="on"<?cs /if ?>>全部 <b><?cs var:Counts.all ?></b></a>
    <?cs each:t = Tabs ?><a href="/certs?status=<?cs var:t.Key ?><?cs call:keep() ?>"<?cs if:Form.status == t.Key ?> class="on"<?cs /if ?>><?cs var:t.Label ?> <b><?cs var:Counts[t.Key] ?></b></a><?cs /each ?>
  </div>
  <div class="tablewrap"><table class="certs">
    <thead><tr><th>学生信息</th><th>证书信息</th><th>考证结果</th><th>证书状态</th></tr></thead>
    <tbody>
    <?cs each:c = Certs ?>
    <tr>
      <td><dl class="kv"><dt>学生姓名</dt><dd><?cs var:c.Name ?></dd><dt>身份证号</dt><dd class="mono"><?cs var:c.IdMask ?></dd><dt>学生类型</dt><dd><?cs var:c.StudentType ?></dd><dt>所属院校</dt><dd class="mono"><?cs var:c.InstCode ?></dd></dl></td>
      <td><dl class="kv"><dt>证书编号</dt><dd class="mono"><?cs var:c.Number ?></dd><dt>证书名称</dt><dd><?cs var:c.CertName ?></dd><dt>证书等级</dt><dd><?cs var:c.Level ?></dd><dt>颁证机构</dt><dd><?cs var:c.Org ?></dd><dt>发证时间</dt><dd><?cs if:c.IssuedOn ?><?cs var:c.IssuedOn ?><?cs else ?><span class="muted">尚未签发</span><?cs /if ?></dd></dl></td>
      <td><dl class="kv"><dt>考试计划</dt><dd><?cs var:c.Plan ?></dd><dt>考核站点</dt><dd class="mono"><?cs var:c.SiteCode ?></dd><dt>考核状态</dt><dd><?cs var:c.Result ?></dd></dl></td>
      <td><span class="status st-<?cs var:c.Status ?>"><?cs var:c.StatusLabel ?></span></td>
    </tr>
    <?cs /each ?>
    <?cs if:List.Shown == 0 ?><tr><td colspan="4" class="muted">没有符合条件的证书</td></tr><?cs /if ?>
    </tbody>
  </table></div>
  <div class="pager">
    <?cs if:List.Prev ?><a href="/certs?page=<?cs var:List.Prev ?>&amp;status=<?cs var:url_escape(Form.status) ?><?cs call:keep() ?>">上一页</a><?cs /if ?>
    <span>第 <?cs var:List.Page ?> 页</span>
    <?cs if:List.Next ?><a href="/certs?page=<?cs var:List.Next ?>&amp;status=<?cs var:url_escape(Form.status) ?><?cs call:keep() ?>">下一页</a><?cs /if ?>
  </div>
</section>

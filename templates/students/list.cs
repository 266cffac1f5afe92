<section class="card">
  <div class="titlebar">
    <h1>学生信息</h1>
    <div class="actions">
      <?cs if:Session.Role == "principal" || Session.Role == "biz" ?>
      <a class="btn primary" href="/students/new">新增学生</a>
      <a class="btn" href="/students/import">批量导入</a>
      <?cs /if ?>
      <a class="btn" href="/students/export?name=<?cs var:url_escape(Form.name) ?><?cs if:Form.idx ?>&amp;idx=<?cs var:Form.idx ?><?cs /if ?>">导出Excel</a>
    </div>
  </div>
  <form method="post" action="/students/find" class="filters">
    <?cs include:"macros.cs" ?><?cs call:csrf() ?>
    <label>学生姓名<input name="name" value="<?cs var:Form.name ?>" maxlength="40"></label>
    <label>证件号码<input name="idno" maxlength="24" autocomplete="off"<?cs if:Form.IdFiltered ?> placeholder="已按证件号码筛选"<?cs /if ?>></label>
    <button type="submit" class="btn">查询</button>
  </form>
  <?cs if:Form.Error ?><div class="error" role="alert"><?cs var:Form.Error ?></div><?cs /if ?>
  <div class="tablewrap"><table>
    <thead><tr><th>学生姓名</th><th>性别</th><th>证件类型</th><th>证件号码</th><th>学生类型</th><th>所属院校</th><th>专业 / 班级</th><th></th></tr></thead>
    <tbody>
    <?cs each:s = Students ?>
    <tr><td><a href="/students/<?cs var:s.Id ?>"><?cs var:s.Name ?></a><?cs if:s.Flags > 0 ?> <span class="tag warn">待完善</span><?cs /if ?></td><td><?cs var:s.Gender ?></td><td><?cs var:s.IdType ?></td><td class="mono"><?cs var:s.IdMask ?></td><td><?cs var:s.Type ?></td><td><span class="mono"><?cs var:s.InstCode ?></span><br><small><?cs var:s.InstName ?></small></td><td><?cs var:s.Major ?><br><small><?cs var:s.Class ?></small></td><td><a href="/students/<?cs var:s.Id ?>">详情</a></td></tr>
    <?cs /each ?>
    <?cs if:List.Shown == 0 ?><tr><td colspan="8" class="muted">没有符合条件的学生</td></tr><?cs /if ?>
    </tbody>
  </table></div>
  <div class="pager">
    <?cs if:List.Prev ?><a href="/students?page=<?cs var:List.Prev ?>&amp;before=<?cs var:List.First ?>&amp;name=<?cs var:url_escape(Form.name) ?><?cs if:Form.idx ?>&amp;idx=<?cs var:Form.idx ?><?cs /if ?>">上一页</a><?cs /if ?>
    <span>第 <?cs var:List.Page ?> 页</span>
    <?cs if:List.Next ?><a href="/students?page=<?cs var:List.Next ?>&amp;after=<?cs var:List.Last ?>&amp;name=<?cs var:url_escape(Form.name) ?><?cs if:Form.idx ?>&amp;idx=<?cs var:Form.idx ?><?cs /if ?>">下一页</a><?cs /if ?>
  </div>
</section>

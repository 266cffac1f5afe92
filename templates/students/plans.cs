<?cs include:"macros.cs" ?>
<section class="card">
  <h1>考试计划</h1>
  <div class="tablewrap"><table>
    <thead><tr><th>考试计划</th><th>证书</th><th>考试日期</th><th>培训评价组织</th><th>考核站点</th><th>报名</th><th>成绩</th></tr></thead>
    <tbody>
    <?cs each:p = Plans ?><tr><td><a href="/students/plans/<?cs var:p.Id ?>"><?cs var:p.Name ?></a></td><td><?cs var:p.Cert ?>（<?cs var:p.Level ?>）</td><td class="nowrap"><?cs var:p.Date ?></td><td><?cs var:p.Org ?></td><td><?cs var:p.Sites ?></td><td><?cs var:p.Registered ?></td><td><?cs var:p.Results ?></td></tr><?cs /each ?>
    <?cs if:!Plans.0.Id ?><tr><td colspan="7" class="muted">暂无考试计划</td></tr><?cs /if ?>
    </tbody>
  </table></div>
</section>
<?cs if:Session.Role == "org" ?>
<section class="card">
  <h2>新建考试计划</h2>
  <?cs call:form_error() ?>
  <form method="post" action="/students/plans" class="grid">
    <?cs call:csrf() ?>
    <label>名称<input name="name" value="<?cs var:Form.name ?>" required maxlength="100" placeholder="如 2021年6月考试计划…初级"></label>
    <label>证书<select name="certificate_type" required><?cs each:t = Types ?><option value="<?cs var:t.Id ?>"><?cs var:t.Label ?></option><?cs /each ?></select></label>
    <label>考试日期<input type="date" name="exam_date" value="<?cs var:Form.exam_date ?>" required></label>
    <label>考核站点<textarea name="sites" rows="3" required placeholder="院校代码，每行一个"><?cs var:Form.sites ?></textarea><small class="hint">填写院校代码，每行一个</small></label>
    <button type="submit" class="btn primary">新建</button>
  </form>
</section>
<?cs /if ?>

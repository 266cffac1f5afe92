<?cs include:"macros.cs" ?>
<section class="card">
  <h1>培训评价组织</h1>
  <div class="tablewrap"><table>
    <thead><tr><th>机构代码</th><th>机构名称</th><th>证书目录</th><th>工作人员</th><th></th></tr></thead>
    <tbody>
    <?cs each:o = Orgs ?>
    <tr><td><?cs var:o.Code ?></td><td><?cs var:o.Name ?></td><td><?cs var:o.Types ?> 项</td><td><?cs var:o.Staff ?> 人</td><td><a href="/admin/orgs/<?cs var:o.Id ?>">管理</a></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div>
</section>
<section class="card">
  <h2>新增培训评价组织</h2>
  <?cs call:form_error() ?>
  <form method="post" action="/admin/orgs" class="grid">
    <?cs call:csrf() ?>
    <label>机构代码<input name="code" value="<?cs var:Form.code ?>" required maxlength="32" placeholder="如 ZCJY"></label>
    <label>机构名称<input name="name" value="<?cs var:Form.name ?>" required maxlength="100" placeholder="如 中船教育科技(北京)有限公司"></label>
    <button type="submit" class="btn primary">新增</button>
  </form>
</section>

<?cs include:"macros.cs" ?>
<section class="card">
  <h1>生成待签发名单</h1>
  <p class="muted">选择考试计划，为所有通过考试、尚未生成证书且没有待完善信息的学生生成证书记录（状态：培训评价组织待签发），并通知相关院校。重复生成不会产生重复记录。</p>
  <?cs call:form_error() ?>
  <div class="tablewrap"><table>
    <thead><tr><th>考试计划</th><th>考试日期</th><th>证书名称</th><th>通过人数</th><th>已生成</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:p = Plans ?>
    <tr><td><?cs var:p.Name ?></td><td class="nowrap"><?cs var:p.Date ?></td><td><?cs var:p.Cert ?>（<?cs var:p.Level ?>）</td>
      <td><?cs var:p.Passed ?></td><td><?cs var:p.Certs ?></td>
      <td class="actions"><?cs if:#p.Passed > #p.Certs ?><form method="post" action="/certs/generate" class="inline"><?cs call:csrf() ?><input type="hidden" name="plan" value="<?cs var:p.Id ?>"><button type="submit" class="btn small primary">生成待签发名单</button></form><?cs else ?><span class="muted">已全部生成</span><?cs /if ?>
        <a class="btn small" href="/certs?plan=<?cs var:p.Id ?>">查看证书</a></td></tr>
    <?cs /each ?>
    <?cs if:!Plans.0.Id ?><tr><td colspan="6" class="muted">本机构还没有考试计划</td></tr><?cs /if ?>
    </tbody>
  </table></div>
</section>

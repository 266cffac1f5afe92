<?cs include:"macros.cs" ?>
<section class="card">
  <h1>待完善学生信息</h1>
  <?cs if:Session.Role == "org" ?>
  <p class="muted">本机构标记的需完善信息：院校确认完善后由本机构验收，或退回重新完善。逾期未完善的记录将被锁定。</p>
  <?cs else ?>
  <p class="muted">培训评价组织发现以下学生信息有误或不完善，请在期限内修改并“确认完善”。逾期后信息将被锁定，证书无法签发。</p>
  <?cs /if ?>
  <?cs call:form_error() ?>
  <div class="tablewrap"><table>
    <thead><tr><th>学生</th><th>信息项</th><th>问题说明</th><th>完善期限</th><th>状态</th><th><?cs if:Session.Role == "org" ?>院校<?cs else ?>培训评价组织<?cs /if ?></th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:f = Flags ?>
    <tr><td><a href="/students/<?cs var:f.StudentId ?>"><?cs var:f.Name ?></a><br><small class="mono"><?cs var:f.IdMask ?></small></td>
      <td><span class="nowrap"><?cs var:f.Field ?></span><?cs if:Session.Role == "org" && f.State == "fixed" ?><?cs if:Changes[f.Id].New ?>
        <dl class="change"><dt>原值</dt><dd><del><?cs var:Changes[f.Id].Old ?></del></dd><dt>新值</dt><dd><ins><?cs var:Changes[f.Id].New ?></ins></dd></dl><?cs else ?>
        <div class="change muted">院校未修改此项</div><?cs /if ?><?cs /if ?></td><td><?cs var:f.Note ?><?cs if:f.Rounds > 1 ?><br><small>第 <?cs var:f.Rounds ?> 次退回</small><?cs /if ?><?cs if:f.PendingCert ?>
        <p class="wayout"><?cs if:Session.Role == "org" ?>该学生的证书正在待签发，身份信息暂不能修改：请先<a href="/certs/<?cs var:f.PendingCert ?>#reject">拒绝签发该证书</a>（理由写明本项），院校完善、本机构验收通过后再在证书记录中“重新签发”。<?cs else ?>该学生的证书正在待签发，身份信息暂不能修改：培训评价组织拒绝签发该证书后即可完善，完善并验收通过后由培训评价组织重新签发。<?cs /if ?></p><?cs /if ?></td><td class="nowrap"><?cs var:f.Deadline ?></td>
      <td><?cs if:f.State == "accepted" ?><span class="tag ok">已验收</span><?cs elif:f.State == "fixed" ?><span class="tag ok">已确认完善</span><?cs elif:f.Overdue == "1" ?><span class="tag off">已逾期未完善</span><?cs else ?><span class="tag warn">待完善</span><?cs /if ?></td>
      <td><?cs if:Session.Role == "org" ?><span class="mono"><?cs var:f.InstCode ?></span><br><small><?cs var:f.InstName ?></small><?cs else ?><?cs var:f.Org ?><?cs /if ?></td>
      <td class="actions">
      <?cs if:Session.Role == "org" ?>
        <?cs if:f.State == "fixed" ?>
        <form method="post" action="/students/corrections/<?cs var:f.Id ?>/accept" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small">验收通过</button></form>
        <details class="inline"><summary class="btn small">退回</summary>
          <form method="post" action="/students/corrections/<?cs var:f.Id ?>/reflag"><?cs call:csrf() ?>
            <input name="note" required maxlength="300" placeholder="退回说明"><input type="date" name="deadline" required>
            <button type="submit" class="btn small danger">退回重新完善</button></form></details>
        <?cs /if ?>
      <?cs else ?>
        <?cs if:f.State == "open" && f.Overdue != "1" ?>
        <a class="btn small" href="/students/<?cs var:f.StudentId ?>/edit">修改</a>
        <form method="post" action="/students/corrections/<?cs var:f.Id ?>/confirm" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small primary">确认完善</button></form>
        <?cs /if ?>
      <?cs /if ?>
      </td></tr>
    <?cs /each ?>
    <?cs if:!Flags.0.Id ?><tr><td colspan="7" class="muted">没有待完善的学生信息。</td></tr><?cs /if ?>
    </tbody>
  </table></div>
</section>
<?cs if:Session.Role == "org" ?>
<section class="card">
  <h2>重复登记</h2>
  <p class="muted">同一证件号码在多个院校登记的学生（仅显示报名本机构考试计划的学生）。</p>
  <?cs if:Dups.0.IdMask ?>
  <div class="tablewrap"><table><thead><tr><th>证件号码</th><th>登记院校</th></tr></thead><tbody>
  <?cs each:d = Dups ?><tr><td class="mono"><?cs var:d.IdMask ?></td><td class="mono"><?cs var:d.Codes ?></td></tr><?cs /each ?>
  </tbody></table></div>
  <?cs else ?><p class="muted">未发现重复登记。</p><?cs /if ?>
</section>
<?cs /if ?>

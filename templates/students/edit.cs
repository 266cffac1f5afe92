<?cs include:"macros.cs" ?>
<?cs def:err(f) ?><?cs if:Form.Err[f] ?><span class="fielderr"><?cs var:Form.Err[f] ?></span><?cs /if ?><?cs /def ?>
<section class="card">
  <h1><?cs if:Student.Id ?>编辑学生信息<?cs else ?>新增学生<?cs /if ?></h1>
  <?cs if:Form.Frozen ?><div class="notice" id="frozen">
    <p>该学生已生成证书：姓名、性别和证件信息已冻结，只能修改联系方式、专业和班级。</p>
    <?cs each:h = Form.Hold ?>
    <p>证书 <a href="/certs/<?cs var:h.Id ?>">#<?cs var:h.Id ?></a>（<?cs var:h.Status ?>）：<?cs if:h.Pending ?>如姓名、性别或证件信息有误，处理办法是：① 培训评价组织以此为由在证书记录上“拒绝签发”（考核站点待签发的证书，也可由本院校负责人拒绝签发）；② 拒绝后，本院校即可在此更正；③ 培训评价组织确认更正后“重新签发”，证书按更正后的信息重新生成。<?cs else ?>已确认签发的证书不能再更改，如有错误请联系培训评价组织办理撤销或替换。<?cs /if ?></p>
    <?cs /each ?>
  </div><?cs /if ?>
  <?cs if:Form.Replacing.0.Id ?><div class="notice" id="replacing">
    <?cs each:h = Form.Replacing ?>
    <p>证书 <span class="mono"><?cs var:h.Original ?></span> 正在由培训评价组织替换，替换证书 <a href="/certs/<?cs var:h.Id ?>" class="mono"><?cs var:h.Number ?></a> 尚未签发：现在可以更正姓名、性别和证件信息。替换证书将按更正后的信息生成，原证书保持原样（显示为“已被替换”）。</p>
    <?cs /each ?>
  </div><?cs /if ?>
  <?cs if:Form.Locked ?><div class="error">已超过完善期限，该学生信息已锁定，不能修改。请联系培训评价组织。</div><?cs /if ?>
  <?cs call:form_error() ?>
  <form method="post" action="<?cs if:Student.Id ?>/students/<?cs var:Student.Id ?>/edit<?cs else ?>/students/new<?cs /if ?>" class="grid">
    <?cs call:csrf() ?>
    <?cs if:Student.Id ?><input type="hidden" name="version" value="<?cs var:Form.version ?>"><?cs /if ?>
    <label>姓名<input name="name" value="<?cs var:Form.name ?>" required maxlength="30"><?cs call:err("name") ?></label>
    <label>性别<select name="gender" required>
      <option value="">请选择</option>
      <option<?cs if:Form.gender == "男" ?> selected<?cs /if ?>>男</option>
      <option<?cs if:Form.gender == "女" ?> selected<?cs /if ?>>女</option>
    </select><?cs call:err("gender") ?></label>
    <label>证件类型<select name="id_type" required>
      <?cs each:t = IdTypes ?><option<?cs if:Form.id_type == t ?> selected<?cs /if ?>><?cs var:t ?></option><?cs /each ?>
    </select><?cs call:err("id_type") ?></label>
    <label>证件号码<input name="id_number" maxlength="24" autocomplete="off"<?cs if:Form.IdMask ?> placeholder="不修改请留空"<?cs else ?> required<?cs /if ?>><?cs if:Form.IdMask ?><small class="hint">当前 <span class="mono"><?cs var:Form.IdMask ?></span>，不修改请留空</small><?cs /if ?><?cs call:err("id_number") ?></label>
    <label>学生类型<select name="student_type">
      <option<?cs if:Form.student_type == "院校学生" ?> selected<?cs /if ?>>院校学生</option>
      <option<?cs if:Form.student_type == "社会学员" ?> selected<?cs /if ?>>社会学员</option>
    </select><?cs call:err("student_type") ?></label>
    <label>手机号码<input name="phone" value="<?cs var:Form.phone ?>" maxlength="11" inputmode="numeric"><?cs call:err("phone") ?></label>
    <label>专业<input name="major" value="<?cs var:Form.major ?>" maxlength="60"><?cs call:err("major") ?></label>
    <label>班级<input name="class_name" value="<?cs var:Form.class_name ?>" maxlength="60"><?cs call:err("class_name") ?></label>
    <button type="submit" class="btn primary"<?cs if:Form.Locked ?> disabled<?cs /if ?>>保存</button>
  </form>
  <p><a href="<?cs if:Student.Id ?>/students/<?cs var:Student.Id ?><?cs else ?>/students<?cs /if ?>">返回</a></p>
</section>

<?cs include:"macros.cs" ?>
<section class="card">
  <div class="titlebar">
    <h1><?cs var:Student.Name ?></h1>
    <div class="actions">
      <?cs if:Session.Role == "principal" || Session.Role == "biz" ?><a class="btn primary" href="/students/<?cs var:Student.Id ?>/edit">编辑</a>
      <form method="post" action="/students/<?cs var:Student.Id ?>/account" class="inline"><?cs call:csrf() ?><button type="submit" class="btn"><?cs if:Student.HasAccount ?>重置学生登录密码<?cs else ?>开通学生登录<?cs /if ?></button></form><?cs /if ?>
      <?cs if:Session.Role == "admin" ?><form method="post" action="/students/<?cs var:Student.Id ?>/account" class="inline"><?cs call:csrf() ?><button type="submit" class="btn"><?cs if:Student.HasAccount ?>重置学生登录密码（平台管理员）<?cs else ?>开通学生登录（平台管理员）<?cs /if ?></button></form><?cs /if ?>
      <a class="btn" href="/students">返回列表</a>
    </div>
  </div>
  <?cs call:form_error() ?>
  <div class="studenthead">
  <div class="photo"><?cs if:Student.HasPhoto ?><img src="/students/<?cs var:Student.Id ?>/photo.png" alt="照片"><?cs else ?><span class="muted">暂无照片</span><?cs /if ?>
    <?cs if:Session.Role == "principal" || Session.Role == "biz" ?>
    <form method="post" action="/students/<?cs var:Student.Id ?>/photo" enctype="multipart/form-data" class="photoform"><?cs call:csrf() ?>
      <label><?cs if:Student.HasPhoto ?>更换照片<?cs else ?>选择照片<?cs /if ?>（PNG）<input type="file" name="photo" accept="image/png" required></label>
      <button type="submit" class="btn small">上传照片</button></form>
    <?cs /if ?></div>
  <dl class="facts">
    <dt>性别</dt><dd><?cs var:Student.Gender ?></dd>
    <dt>证件类型</dt><dd><?cs var:Student.IdType ?></dd>
    <dt>证件号码</dt><dd><?cs if:Student.IdFull ?><span class="mono reveal"><?cs var:Student.IdFull ?></span> <span class="muted">（本次查看已记录）</span><?cs else ?><span class="mono"><?cs var:Student.IdMask ?></span>
      <form method="post" action="/students/<?cs var:Student.Id ?>/reveal" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small">查看</button></form><?cs /if ?></dd>
    <dt>学生类型</dt><dd><?cs var:Student.Type ?></dd>
    <dt>手机号码</dt><dd><?cs var:Student.Phone ?></dd>
    <dt>专业</dt><dd><?cs var:Student.Major ?></dd>
    <dt>班级</dt><dd><?cs var:Student.Class ?></dd>
    <dt>所属院校</dt><dd><span class="mono"><?cs var:Student.InstCode ?></span> <?cs var:Student.InstName ?></dd>
    <?cs if:Student.Elsewhere ?><dt>重复登记</dt><dd><span class="tag warn">该证件号码在其他院校也有学生记录</span> <span class="muted">培训评价组织可在“重复登记”中看到；学生登录密码只能由平台管理员重置</span></dd><?cs /if ?>
  </dl>
  </div>
</section>
<section class="card">
  <h2>待完善信息</h2>
  <?cs if:Flags.0.Id ?>
  <div class="tablewrap"><table>
    <thead><tr><th>信息项</th><th>问题说明</th><th>完善期限</th><th>状态</th><th>培训评价组织</th></tr></thead>
    <tbody>
    <?cs each:f = Flags ?><tr><td><?cs var:f.Field ?></td><td><?cs var:f.Note ?></td><td><?cs var:f.Deadline ?></td>
      <td><?cs if:f.State == "fixed" ?><span class="tag ok">已确认完善，待验收</span><?cs elif:f.Overdue == "1" ?><span class="tag off">已逾期</span><?cs else ?><span class="tag warn">待完善</span><?cs /if ?></td><td><?cs var:f.Org ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?><p class="muted">没有待完善的信息。</p><?cs /if ?>
  <?cs if:Session.Role == "org" ?>
  <h2>标记需要完善</h2>
  <form method="post" action="/students/<?cs var:Student.Id ?>/flag" class="grid">
    <?cs call:csrf() ?>
    <label>信息项<select name="field" required><option value="">请选择</option><?cs each:f = Fields ?><?cs if:f.Key != "photo" ?><option value="<?cs var:f.Key ?>"><?cs var:f.Label ?></option><?cs /if ?><?cs /each ?></select></label>
    <label>问题说明<input name="note" required maxlength="300" placeholder="如：姓名与身份证不一致"></label>
    <label>完善期限<input type="date" name="deadline" required></label>
    <button type="submit" class="btn primary">通知院校完善</button>
  </form>
  <?cs /if ?>
</section>
<section class="card">
  <h2>修改记录</h2>
  <?cs if:History.0.Field ?>
  <div class="tablewrap"><table>
    <thead><tr><th>时间</th><th>修改人</th><th>信息项</th><th>原值</th><th>新值</th></tr></thead>
    <tbody>
    <?cs each:h = History ?><tr><td><?cs var:h.At ?></td><td><?cs var:h.Who ?></td><td><?cs var:h.Field ?></td><td><?cs var:h.Old ?></td><td><?cs var:h.New ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?><p class="muted">暂无修改记录。</p><?cs /if ?>
</section>

<?cs include:"macros.cs" ?>
<section class="card">
  <div class="titlebar"><h1>证书记录 <span class="mono"><?cs var:Cert.Number ?></span></h1>
    <span class="status st-<?cs var:Cert.Status ?>"><?cs var:Cert.StatusLabel ?></span></div>
  <dl class="facts">
    <dt>学生姓名</dt><dd><?cs var:Cert.Name ?></dd>
    <dt>身份证号</dt><dd class="mono"><?cs var:Cert.IdMask ?></dd>
    <dt>学生类型</dt><dd><?cs var:Cert.StudentType ?></dd>
    <dt>所属院校</dt><dd><span class="mono"><?cs var:Cert.InstCode ?></span> <?cs var:Cert.InstName ?></dd>
    <dt>证书名称</dt><dd><?cs var:Cert.CertName ?>（<?cs var:Cert.Level ?>）</dd>
    <dt>颁证机构</dt><dd><?cs var:Cert.Org ?></dd>
    <dt>考试计划</dt><dd><?cs var:Cert.Plan ?></dd>
    <dt>考核站点</dt><dd class="mono"><?cs var:Cert.SiteCode ?></dd>
    <dt>考核状态</dt><dd><?cs var:Cert.Result ?><?cs if:Cert.Score ?>（<?cs var:Cert.Score ?> 分）<?cs /if ?></dd>
    <dt>发证时间</dt><dd><?cs if:Cert.IssuedOn ?><?cs var:Cert.IssuedOn ?><?cs else ?><span class="muted">尚未签发</span><?cs /if ?></dd>
    <?cs if:Cert.Preflight ?><dt>签发前检查</dt><dd class="error">不能签发：<?cs var:Cert.Preflight ?></dd><?cs /if ?>
    <?cs if:Revoked.Kind ?><dt><?cs if:Revoked.Kind == "replace" ?>替换<?cs else ?>撤销<?cs /if ?></dt><dd class="error" id="revoked"><?cs var:Revoked.At ?> 由 <?cs var:Revoked.Who ?><?cs if:Revoked.Kind == "replace" ?>发起替换<?cs else ?>撤销<?cs /if ?>（已手写签字）：<?cs var:Revoked.Reason ?><?cs if:Revoked.NextId ?>；替换证书 <a class="mono" href="/certs/<?cs var:Revoked.NextId ?>"><?cs var:Revoked.Next ?></a><?cs if:Cert.Status == "confirmed" ?>（签发中，确认签发后本证书即为“已被替换”）<?cs /if ?><?cs /if ?></dd><?cs /if ?>
    <?cs if:Replaces.Id ?><dt>替换自</dt><dd id="replaces"><a class="mono" href="/certs/<?cs var:Replaces.Id ?>"><?cs var:Replaces.Number ?></a></dd><?cs /if ?>
    <?cs if:Cert.Reason ?><dt>拒绝理由</dt><dd class="error"><?cs var:Cert.Reason ?></dd><?cs /if ?>
    <dt>内容摘要</dt><dd class="mono small"><?cs var:Cert.Content ?></dd>
  </dl>
  <?cs if:#Cert.OpenFlags > 0 ?>
  <div class="notice" role="status">该学生有 <?cs var:Cert.OpenFlags ?> 项待完善信息。<?cs if:Cert.Status == "org_pending" || Cert.Status == "site_pending" ?>待签发的证书不能直接修改：请<?cs if:Session.Role == "org" ?>先拒绝签发本证书（理由写明待完善的内容），院校完善、本机构验收后再“重新签发”<?cs else ?>由培训评价组织先拒绝签发本证书，院校完善信息后由培训评价组织重新签发<?cs /if ?>。<?cs else ?>完善并验收通过后才能重新签发。<?cs /if ?></div>
  <?cs /if ?>
  <?cs if:Cert.ImgUrl ?>
  <h2>电子证书</h2>
  <p><img class="certimg" src="<?cs var:Cert.ImgUrl ?>" alt="电子证书 <?cs var:Cert.Number ?>（网页版，身份证号已隐藏）" width="877" height="620"></p>
  <p class="actions"><a class="btn" href="/certs/<?cs var:Cert.Id ?>/certificate.png">打印版 PNG（300 dpi）</a> <a class="btn primary" href="/certs/<?cs var:Cert.Id ?>/certificate.pdf">下载 PDF（平台签名）</a> <a class="btn" href="/certs/print?ids=<?cs var:Cert.Id ?>">打印</a></p>
  <?cs /if ?>
  <div class="actions">
    <?cs if:Can.Sign ?><form method="post" action="/certs/sign" class="inline"><?cs call:csrf() ?><input type="hidden" name="id" value="<?cs var:Cert.Id ?>"><button type="submit" class="btn primary">确认签发</button></form><?cs /if ?>
    <?cs if:Can.Submit ?><form method="post" action="/certs/sign" class="inline"><?cs call:csrf() ?><input type="hidden" name="id" value="<?cs var:Cert.Id ?>"><button type="submit" class="btn primary">提交负责人签字</button></form><?cs /if ?>
    <?cs if:Can.Reissue ?><form method="post" action="/certs/reissue" class="inline"><?cs call:csrf() ?><input type="hidden" name="id" value="<?cs var:Cert.Id ?>"><button type="submit" class="btn primary">重新签发</button></form><?cs /if ?>
  </div>
  <?cs if:Can.Reject ?>
  <form method="post" action="/certs/reject" class="grid" id="reject"><?cs call:csrf() ?>
    <input type="hidden" name="id" value="<?cs var:Cert.Id ?>">
    <label>拒绝理由（必填，对方可见）<textarea name="reason" required maxlength="300" rows="3" placeholder="例如：学生姓名与身份证不一致，请院校核对后完善"></textarea></label>
    <button type="submit" class="btn danger">拒绝签发</button>
  </form>
  <?cs /if ?>
  <?cs if:Can.Revoke && !Revoked.Kind ?>
  <h2>撤销或替换本证书</h2>
  <form method="post" action="/certs/<?cs var:Cert.Id ?>/revoke" data-sign-pad class="pad" id="revoke"><?cs call:csrf() ?>
    <input type="hidden" name="sig">
    <label>撤销或替换的理由（必填，将在证书查验页公开显示）<textarea name="reason" required maxlength="200" rows="3" placeholder="例如：考核成绩复核不合格，证书误发"></textarea></label>
    <label for="padcanvas">撤销人手写签名</label>
    <canvas id="padcanvas" width="600" height="260" aria-label="签名板"></canvas>
    <p class="error" data-sign-msg role="alert"></p>
    <p class="hint">撤销后证书在查验页、学生个人空间和下载中均显示“已撤销”，原发证记录保留、不可恢复。</p>
    <div class="padbtns"><button type="button" class="btn" data-clear>清除重写</button>
    <button type="submit" class="btn danger">签字并撤销</button>
    <button type="submit" class="btn" formaction="/certs/<?cs var:Cert.Id ?>/replace">签字并替换（生成更正后的证书，经双方签发）</button></div>
  </form>
  <script src="/static/sign.js"></script>
  <?cs /if ?>
  <h2>签发记录</h2>
  <div class="tablewrap"><table>
    <thead><tr><th>时间</th><th>操作</th><th>操作人</th><th>状态变化</th><th>理由</th><th>签字内容</th></tr></thead>
    <tbody>
    <?cs each:e = Events ?>
    <tr><td class="nowrap"><?cs var:e.At ?></td><td><?cs var:e.Label ?></td><td><?cs var:e.Who ?><br><small class="muted"><?cs var:e.Role ?></small></td>
      <td><?cs if:e.From ?><?cs var:e.From ?> → <?cs /if ?><?cs var:e.To ?></td><td><?cs var:e.Reason ?></td>
      <td><?cs if:e.Request ?><a href="/certs/sign/<?cs var:e.Request ?>">签字 #<?cs var:e.Request ?></a><br><small class="mono" title="签字内容摘要"><?cs var:e.Manifest ?></small><?cs else ?><small class="mono" title="内容摘要"><?cs var:e.Content ?></small><?cs /if ?></td></tr>
    <?cs /each ?>
    <?cs if:!Events.0.At ?><tr><td colspan="6" class="muted">没有记录</td></tr><?cs /if ?>
    </tbody>
  </table></div>
  <p><a href="/certs">返回证书发放管理</a></p>
</section>

<?cs include:"macros.cs" ?>
<section class="card">
  <h1>分享码与查验记录</h1>
  <p class="muted">用人单位可以用分享码代替您的身份证号查验证书。分享码有效期7、30或90天，可随时撤销；每次查验都列在下方（不显示查验方的网络地址）。</p>
  <?cs call:form_error() ?>
  <?cs if:Mine.Certs == 0 ?><p class="muted">暂无已签发的证书。</p><?cs /if ?>
  <?cs each:c = Certs ?>
  <div class="certcard">
    <div class="certhead"><b><?cs var:c.CertName ?></b>（<?cs var:c.Level ?>）<span class="mono"><?cs var:c.Number ?></span></div>
    <?cs if:c.LockedUntil ?><p class="notice" role="status">该证书编号近1小时内被查询失败 <?cs var:c.Fails ?> 次，已对他人暂停查询至 <?cs var:c.LockedUntil ?>；您登录后仍可查询。失败的查询列在下方“公开查询记录”中。</p><?cs /if ?>
    <?cs if:c.Status == "confirmed" ?>
    <form method="post" action="/verify/mine/codes" class="sharemake">
      <?cs call:csrf() ?>
      <input type="hidden" name="cert" value="<?cs var:c.Id ?>">
      <label for="days-<?cs var:c.Id ?>">有效期</label><select name="days" id="days-<?cs var:c.Id ?>"><option value="7">7天</option><option value="30" selected>30天</option><option value="90">90天</option></select>
      <button type="submit" class="btn primary small">生成分享码</button>
    </form>
    <?cs else ?><p class="muted">该证书已不再有效，不能生成分享码。</p><?cs /if ?>
  </div>
  <?cs /each ?>
</section>
<section class="card">
  <h2>我的分享码</h2>
  <?cs if:Mine.Codes == 0 ?><p class="muted">尚未生成分享码。</p><?cs else ?>
  <div class="tablewrap"><table>
    <thead><tr><th>证书</th><th>分享码</th><th>生成时间</th><th>有效期至</th><th>状态</th><th>使用次数</th><th></th></tr></thead>
    <tbody>
    <?cs each:k = Codes ?>
    <tr><td><?cs var:k.CertName ?><br><span class="mono muted"><?cs var:k.Number ?></span></td><td class="mono">…<?cs var:k.Hint ?></td><td><?cs var:k.Created ?></td><td><?cs var:k.Expires ?></td>
      <td><?cs if:k.State == "active" ?>有效<?cs elif:k.State == "expired" ?>已过期<?cs else ?>已撤销<?cs /if ?></td><td><?cs var:k.Uses ?></td>
      <td><?cs if:k.State == "active" ?><form method="post" action="/verify/mine/codes/<?cs var:k.Id ?>/revoke" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small danger">撤销</button></form><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div><?cs /if ?>
</section>
<section class="card">
  <h2>查验记录</h2>
  <?cs if:Mine.Uses == 0 ?><p class="muted">您的证书还没有被查验过。</p><?cs else ?>
  <div class="tablewrap"><table>
    <thead><tr><th>时间</th><th>证书</th><th>查验方式</th><th>查验方</th></tr></thead>
    <tbody>
    <?cs each:u = Uses ?>
    <tr><td><?cs var:u.At ?></td><td><?cs var:u.CertName ?><br><span class="mono muted"><?cs var:u.Number ?></span></td>
      <td><?cs if:u.Via == "share" ?>分享码 …<?cs var:u.Hint ?><?cs else ?>证书编号＋身份证号<?cs /if ?></td>
      <td><?cs if:u.Employer ?><?cs var:u.Employer ?>（API 密钥<?cs if:u.Channel == "batch" ?>，批量查验<?cs /if ?>）<?cs else ?>公开查询<?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div><?cs /if ?>
</section>
<section class="card">
  <h2>公开查询记录</h2>
  <p class="muted">最近 50 次在证书查询页用证书编号查询或扫描证书二维码的记录，包括失败的尝试（不记录对方输入的身份证号和网络地址）。</p>
  <?cs if:Mine.Looks == 0 ?><p class="muted">暂无公开查询记录。</p><?cs else ?>
  <div class="tablewrap"><table>
    <thead><tr><th>时间</th><th>证书</th><th>方式</th><th>结果</th></tr></thead>
    <tbody>
    <?cs each:l = Looks ?>
    <tr><td><?cs var:l.At ?></td><td><?cs var:l.CertName ?><br><span class="mono muted"><?cs var:l.Number ?></span></td>
      <td><?cs if:l.Method == "qr" ?>扫描二维码<?cs else ?>证书编号＋身份证号<?cs /if ?></td>
      <td><?cs if:l.Outcome == "ok" ?><span class="tag ok">查验成功</span><?cs elif:l.Outcome == "nomatch" ?><span class="tag warn">身份证号不符（失败）</span><?cs elif:l.Outcome == "locked" ?><span class="tag warn">编号已锁定，被拒绝</span><?cs elif:l.Outcome == "captcha" ?><span class="tag warn">验证码不正确，被拒绝</span><?cs elif:l.Outcome == "throttled" ?><span class="tag warn">查询方失败过多，被拒绝</span><?cs else ?><span class="tag warn">二维码与证书不符</span><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div><?cs /if ?>
</section>

<?cs include:"macros.cs" ?>
<section class="card">
  <div class="titlebar"><h1>纸质证书寄送与发放</h1>
    <span><?cs if:Session.Role == "org" ?><a class="btn primary" href="/certs/shipments/new">新建寄送包裹</a><?cs /if ?>
    <a class="btn" href="/certs/shipments.xlsx">导出寄送记录</a> <a class="btn" href="/certs/handovers.xlsx">导出发放记录</a></span></div>
  <?cs if:?Due.ToReceive ?>
  <div class="notice" role="status" id="due">待签收包裹 <b><?cs var:Due.ToReceive ?></b> 个<?cs if:Due.ToReceiveLate > 0 ?>（<span class="error">其中 <?cs var:Due.ToReceiveLate ?> 个已寄出超过 <?cs var:Due.ShipDays ?> 天，已逾期</span>）<?cs /if ?>；
  待发放证书 <b><?cs var:Due.ToHand ?></b> 份<?cs if:Due.ToHandLate > 0 ?>（<span class="error">其中 <?cs var:Due.ToHandLate ?> 份签收超过 <?cs var:Due.HandDays ?> 天仍未发放，已逾期</span>）<?cs /if ?>。</div>
  <?cs /if ?>
  <?cs if:Session.Role == "org" ?>
  <h2>各院校进度</h2>
  <div class="tablewrap"><table id="byinst">
    <thead><tr><th>院校代码</th><th>院校</th><th>确认签发</th><th>已打印</th><th>已寄出</th><th>院校已签收</th><th>已发放</th><th>缺失/损坏</th></tr></thead>
    <tbody><?cs each:p = ByInst ?><tr><td class="mono"><?cs var:p.L0 ?></td><td><?cs var:p.L1 ?></td><td><?cs var:p.Confirmed ?></td><td><?cs var:p.Printed ?></td><td><?cs var:p.Shipped ?></td><td><?cs var:p.Received ?></td><td><?cs var:p.Handed ?></td><td><?cs var:p.Missing ?></td></tr><?cs /each ?></tbody>
  </table></div>
  <?cs /if ?>
  <?cs if:Session.Role != "admin" ?>
  <h2>各考试计划进度</h2>
  <div class="tablewrap"><table id="byplan">
    <thead><tr><th>考试计划</th><th>考试日期</th><th>确认签发</th><th>已打印</th><th>已寄出</th><th>院校已签收</th><th>已发放</th><th>缺失/损坏</th></tr></thead>
    <tbody><?cs each:p = ByPlan ?><tr><td><?cs var:p.L0 ?></td><td class="nowrap"><?cs var:p.L1 ?></td><td><?cs var:p.Confirmed ?></td><td><?cs var:p.Printed ?></td><td><?cs var:p.Shipped ?></td><td><?cs var:p.Received ?></td><td><?cs var:p.Handed ?></td><td><?cs var:p.Missing ?></td></tr><?cs /each ?></tbody>
  </table></div>
  <?cs /if ?>
  <h2>寄送包裹</h2>
  <div class="tablewrap"><table id="ships">
    <thead><tr><th>包裹</th><th>院校</th><th>份数</th><th>状态</th><th>打印日期</th><th>寄出日期</th><th>快递</th><th>签收时间</th></tr></thead>
    <tbody>
    <?cs each:s = Ships ?><tr><td><a href="/certs/shipments/<?cs var:s.Id ?>">包裹 <?cs var:s.Id ?></a></td><td><?cs var:s.InstName ?></td><td><?cs var:s.N ?></td>
      <td><span class="status ship-<?cs var:s.State ?>"><?cs var:s.StateLabel ?></span><?cs if:s.Overdue == "1" ?> <span class="error">逾期未签收</span><?cs /if ?></td>
      <td class="nowrap"><?cs var:s.PrintedOn ?></td><td class="nowrap"><?cs var:s.ShippedOn ?></td><td><?cs var:s.Courier ?> <span class="mono"><?cs var:s.Tracking ?></span></td><td class="nowrap"><?cs var:s.ReceivedAt ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div>
  <?cs if:!Ships.0.Id ?><p class="muted">暂无寄送包裹。</p><?cs /if ?>
</section>
<?cs if:?Due.ToReceive ?>
<section class="card" id="handover">
  <h2>发放证书（已签收、待发放）</h2>
  <form method="post" action="/certs/handover" class="grid"><?cs call:csrf() ?>
    <div class="tablewrap wide"><table>
      <thead><tr><th>选择</th><th>证书编号</th><th>学生姓名</th><th>证书</th><th>签收日期</th></tr></thead>
      <tbody><?cs each:h = Hand ?><tr><td><input type="checkbox" name="id" value="<?cs var:h.Id ?>" aria-label="选择 <?cs var:h.Number ?>"></td><td class="mono"><?cs var:h.Number ?></td><td><?cs var:h.Name ?></td><td><?cs var:h.CertName ?>（<?cs var:h.Level ?>）</td><td class="nowrap"><?cs var:h.ReceivedOn ?><?cs if:h.Overdue == "1" ?> <span class="error">逾期</span><?cs /if ?></td></tr><?cs /each ?></tbody>
    </table></div>
    <?cs if:!Hand.0.Id ?><p class="muted wide">没有待发放的证书。</p><?cs /if ?>
    <label class="wide">或扫描证书上的二维码（每行一个，扫码枪逐张扫描即可；填写后以扫描内容为准）<textarea name="scan" rows="4" placeholder="证书编号或二维码内容"></textarea></label>
    <label>发放方式<select name="how"><option value="person" selected>当面领取</option><option value="mail">邮寄给学生</option></select></label>
    <label>发放日期（留空为今天）<input name="date" placeholder="2026-12-01" maxlength="10"></label>
    <label>领取人（当面领取时必填）<input name="to" maxlength="30"></label>
    <label>快递公司（邮寄时必填）<input name="courier" maxlength="30"></label>
    <label>快递单号（邮寄时必填）<input name="tracking" maxlength="40"></label>
    <button type="submit" class="btn primary">确认发放</button>
  </form>
</section>
<?cs /if ?>

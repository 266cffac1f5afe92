<?cs include:"macros.cs" ?>
<section class="card">
  <div class="titlebar"><h1>寄送包裹 <?cs var:Ship.Id ?></h1><span class="status ship-<?cs var:Ship.State ?>" id="shipstate"><?cs var:Ship.StateLabel ?></span></div>
  <dl class="facts">
    <dt>颁证机构</dt><dd><?cs var:Ship.OrgName ?></dd>
    <dt>收件院校</dt><dd><span class="mono"><?cs var:Ship.InstCode ?></span> <?cs var:Ship.InstName ?></dd>
    <dt>证书份数</dt><dd><?cs var:Ship.N ?></dd>
    <dt>创建时间</dt><dd><?cs var:Ship.CreatedAt ?></dd>
    <dt>打印日期</dt><dd><?cs if:Ship.PrintedOn ?><?cs var:Ship.PrintedOn ?><?cs else ?><span class="muted">未打印</span><?cs /if ?></dd>
    <dt>寄出日期</dt><dd><?cs if:Ship.ShippedOn ?><?cs var:Ship.ShippedOn ?>（<?cs var:Ship.Courier ?> <span class="mono"><?cs var:Ship.Tracking ?></span>）<?cs if:Ship.Overdue == "1" ?> <span class="error">已寄出超过 7 天仍未签收</span><?cs /if ?><?cs else ?><span class="muted">未寄出</span><?cs /if ?></dd>
    <dt>签收时间</dt><dd><?cs if:Ship.ReceivedAt ?><?cs var:Ship.ReceivedAt ?><?cs if:Ship.Note ?>（<?cs var:Ship.Note ?>）<?cs /if ?><?cs else ?><span class="muted">未签收</span><?cs /if ?></dd>
  </dl>
  <?cs if:Ship.Missing > 0 && Session.Role == "org" ?><div class="notice" role="status">院校报告 <?cs var:Ship.Missing ?> 份证书缺失或损坏：可<a href="/certs/shipments/new?inst=<?cs var:Ship.InstId ?>">补印并放入新包裹</a>（计为补印）。</div><?cs /if ?>
  <p class="actions"><a class="btn" href="/certs/shipments/<?cs var:Ship.Id ?>/list">装箱清单（打印）</a></p>
  <?cs if:Can.Print ?>
  <form method="post" action="/certs/shipments/<?cs var:Ship.Id ?>/printed" class="grid" id="printed"><?cs call:csrf() ?>
    <label>打印日期（留空为今天）<input name="date" placeholder="2026-12-01" maxlength="10"></label>
    <button type="submit" class="btn primary">标记已打印（已盖公章、钢印）</button>
  </form>
  <?cs /if ?>
  <?cs if:Can.Ship ?>
  <form method="post" action="/certs/shipments/<?cs var:Ship.Id ?>/shipped" class="grid" id="shipped"><?cs call:csrf() ?>
    <label>快递公司<input name="courier" required maxlength="30" placeholder="例如：中国邮政 EMS"></label>
    <label>快递单号<input name="tracking" required maxlength="40"></label>
    <label>寄出日期（留空为今天）<input name="date" placeholder="2026-12-01" maxlength="10"></label>
    <button type="submit" class="btn primary">标记已寄出</button>
  </form>
  <?cs /if ?>
  <?cs if:Can.Receive ?><form method="post" action="/certs/shipments/<?cs var:Ship.Id ?>/receive" id="receive"><?cs call:csrf() ?><?cs /if ?>
  <h2>包裹内的证书</h2>
  <div class="tablewrap"><table id="items">
    <thead><tr><th>证书编号</th><th>学生姓名</th><th>证书</th><th>签收情况</th><th>纸质证书</th><?cs if:Can.Receive ?><th>缺失</th><th>损坏</th><?cs /if ?></tr></thead>
    <tbody><?cs each:i = Items ?><tr><td class="mono"><?cs var:i.Number ?></td><td><?cs var:i.Name ?></td><td><?cs var:i.CertName ?>（<?cs var:i.Level ?>）<?cs if:i.Reprint > 0 ?> <span class="status">第 <?cs var:i.Reprint ?> 次补印</span><?cs /if ?><?cs if:i.Status != "confirmed" ?> <span class="status st-<?cs var:i.Status ?>"><?cs var:i.StatusLabel ?></span><?cs /if ?></td>
      <td><?cs var:i.StateLabel ?><?cs if:i.Note ?>：<?cs var:i.Note ?><?cs /if ?></td><td><?cs var:i.PaperLabel ?></td>
      <?cs if:Can.Receive ?><td><input type="checkbox" name="missing" value="<?cs var:i.Id ?>" aria-label="<?cs var:i.Number ?> 缺失"></td><td><input type="checkbox" name="damaged" value="<?cs var:i.Id ?>" aria-label="<?cs var:i.Number ?> 损坏"></td><?cs /if ?></tr><?cs /each ?></tbody>
  </table></div>
  <?cs if:Can.Receive ?>
    <label class="wide">说明（有缺失或损坏时必填，培训评价组织可见）<textarea name="note" rows="2" maxlength="200"></textarea></label>
    <p><button type="submit" class="btn primary">签收包裹</button></p>
  </form>
  <?cs /if ?>
  <?cs if:Can.Hand ?><p><a class="btn primary" href="/certs/shipments#handover">发放已签收的证书</a></p><?cs /if ?>
  <p><a href="/certs/shipments">返回纸质证书寄送</a></p>
</section>

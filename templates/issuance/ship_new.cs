<?cs include:"macros.cs" ?>
<section class="card">
  <h1>新建寄送包裹</h1>
  <form method="get" action="/certs/shipments/new" class="filters">
    <label>收件院校<select name="inst">
      <option value="">请选择</option>
      <?cs each:i = Insts ?><option value="<?cs var:i.Id ?>"<?cs if:i.Id == New.Inst ?> selected<?cs /if ?>><?cs var:i.Code ?> <?cs var:i.Name ?>（待寄 <?cs var:i.N ?> 份）</option><?cs /each ?>
    </select></label>
    <button type="submit" class="btn">列出待寄证书</button>
  </form>
  <?cs if:!Insts.0.Id ?><p class="muted">没有待寄送的确认签发证书。</p><?cs /if ?>
  <?cs if:New.Inst ?>
  <form method="post" action="/certs/shipments" class="grid" id="newship"><?cs call:csrf() ?>
    <input type="hidden" name="inst" value="<?cs var:New.Inst ?>">
    <p class="wide">该院校确认签发、尚未寄送的证书 <b><?cs var:New.N ?></b> 份（默认全选；标“补印”的是上次报告缺失或损坏的证书，再寄即计一次补印）。</p>
    <div class="tablewrap wide"><table>
      <thead><tr><th>选择</th><th>证书编号</th><th>学生姓名</th><th>证书</th><th>考试计划</th><th>备注</th></tr></thead>
      <tbody><?cs each:c = Cands ?><tr><td><input type="checkbox" name="id" value="<?cs var:c.Id ?>" checked aria-label="选择 <?cs var:c.Number ?>"></td><td class="mono"><?cs var:c.Number ?></td><td><?cs var:c.Name ?></td><td><?cs var:c.CertName ?>（<?cs var:c.Level ?>）</td><td><?cs var:c.Plan ?></td><td><?cs if:c.Paper ?><span class="status">补印（院校报告<?cs if:c.Paper == "missing" ?>缺失<?cs else ?>损坏<?cs /if ?>）</span><?cs /if ?></td></tr><?cs /each ?></tbody>
    </table></div>
    <label class="wide">或扫描打印好的证书上的二维码（每行一个；填写后以扫描内容为准，勾选不再生效）<textarea name="scan" rows="5" placeholder="扫码枪逐张扫描，每张一行"></textarea></label>
    <button type="submit" class="btn primary">创建包裹</button>
  </form>
  <?cs /if ?>
  <p><a href="/certs/shipments">返回纸质证书寄送</a></p>
</section>

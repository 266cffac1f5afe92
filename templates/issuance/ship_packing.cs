<section class="card packing">
  <h1>装箱清单 · 包裹 <?cs var:Ship.Id ?></h1>
  <p>寄件：<?cs var:Ship.OrgName ?>　收件：<span class="mono"><?cs var:Ship.InstCode ?></span> <?cs var:Ship.InstName ?>　共 <b><?cs var:Ship.N ?></b> 份<?cs if:Ship.ShippedOn ?>　<?cs var:Ship.Courier ?> <span class="mono"><?cs var:Ship.Tracking ?></span><?cs /if ?></p>
  <table id="packing">
    <thead><tr><th>序号</th><th>证书编号</th><th>学生姓名</th><th>证书名称</th><th>等级</th><th>考试计划</th><th>核对</th></tr></thead>
    <tbody><?cs each:i = Items ?><tr><td><?cs var:i.Seq ?></td><td class="mono"><?cs var:i.Number ?></td><td><?cs var:i.Name ?></td><td><?cs var:i.CertName ?></td><td><?cs var:i.Level ?></td><td><?cs var:i.Plan ?></td><td>□</td></tr><?cs /each ?></tbody>
  </table>
  <p class="muted">院校收到后请在平台“纸质证书寄送”中逐份核对签收；缺失或损坏请在签收时勾选并说明。</p>
  <p class="noprint"><a href="/certs/shipments/<?cs var:Ship.Id ?>">返回包裹</a></p>
</section>

<dl class="facts">
  <dt>签发方</dt><dd><?cs var:Sreq.PartyLabel ?></dd>
  <dt>证书数量</dt><dd><b><?cs var:Sreq.N ?></b> 份</dd>
  <dt>发起人</dt><dd><?cs var:Sreq.Creator ?>（<?cs var:Sreq.Created ?>）</dd>
  <dt>签字内容摘要</dt><dd class="mono small"><?cs var:Sreq.Manifest ?></dd>
</dl>
<div class="tablewrap"><table>
  <thead><tr><th>证书名称</th><th>考试计划</th><th>院校</th><th>数量</th></tr></thead>
  <tbody><?cs each:s = Summary ?><tr><td><?cs var:s.Cert ?>（<?cs var:s.Level ?>）</td><td><?cs var:s.Plan ?></td><td><?cs var:s.Inst ?></td><td><?cs var:s.Count ?></td></tr><?cs /each ?></tbody>
</table></div>

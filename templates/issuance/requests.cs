<section class="card">
  <h1>签字请求</h1>
  <div class="tablewrap"><table>
    <thead><tr><th>编号</th><th>证书数量</th><th>发起人</th><th>发起时间</th><th>状态</th><th>结果</th></tr></thead>
    <tbody>
    <?cs each:q = Reqs ?>
    <tr><td><a href="/certs/sign/<?cs var:q.Id ?>">#<?cs var:q.Id ?></a></td><td><?cs var:q.N ?></td><td><?cs var:q.Creator ?></td><td class="nowrap"><?cs var:q.Created ?></td>
      <td><?cs if:q.State == "submitted" ?><span class="tag warn">待负责人签字</span><?cs elif:q.State == "open" ?><span class="tag warn">待签字</span><?cs elif:q.State == "signed" ?><span class="tag ok">已签字</span><?cs elif:q.State == "expired" ?><span class="tag off">二维码已过期</span><?cs else ?><span class="tag off">已失效</span><?cs /if ?></td>
      <td><?cs var:q.Outcome ?></td></tr>
    <?cs /each ?>
    <?cs if:Reqs.Shown == 0 ?><tr><td colspan="6" class="muted">没有签字请求</td></tr><?cs /if ?>
    </tbody>
  </table></div>
</section>

<section class="card">
  <h1>我的下载任务</h1>
  <p class="muted">在证书发放管理勾选已确认签发的证书（或按当前筛选）点「批量下载」即提交任务；后台打包完成后可在此下载 ZIP，文件保留一天。只显示您本人提交的任务。</p>
  <div class="tablewrap"><table class="jobs">
    <thead><tr><th>任务</th><th>内容</th><th>提交时间</th><th>进度</th><th>状态</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:j = Jobs ?>
    <tr><td><a href="/certs/jobs/<?cs var:j.Id ?>">#<?cs var:j.Id ?></a></td><td><?cs var:j.Summary ?></td><td class="nowrap"><?cs var:j.Created ?></td>
      <td><progress max="100" value="<?cs var:j.Percent ?>"><?cs var:j.Percent ?>%</progress> <span class="muted"><?cs var:j.Done ?>/<?cs var:j.Total ?></span></td>
      <td><span class="tag job-<?cs var:j.State ?>"><?cs var:j.StateLabel ?></span></td>
      <td><?cs if:j.State == "done" ?><a class="btn small primary" href="/certs/jobs/<?cs var:j.Id ?>/download">下载 ZIP</a><?cs else ?><a class="btn small" href="/certs/jobs/<?cs var:j.Id ?>">查看</a><?cs /if ?></td></tr>
    <?cs /each ?>
    <?cs if:JobCount == 0 ?><tr><td colspan="6" class="muted empty">还没有下载任务</td></tr><?cs /if ?>
    </tbody>
  </table></div>
</section>

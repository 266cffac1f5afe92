<section class="card narrow job"<?cs if:Job.State == "queued" || Job.State == "running" ?> data-job-state="/certs/jobs/<?cs var:Job.Id ?>/state"<?cs /if ?>>
  <h1>下载任务 #<?cs var:Job.Id ?></h1>
  <p><?cs var:Job.Summary ?> · 提交于 <?cs var:Job.Created ?></p>
  <p class="jobbar"><progress id="jobprogress" max="100" value="<?cs var:Job.Percent ?>"><?cs var:Job.Percent ?>%</progress>
    <b data-job-percent><?cs var:Job.Percent ?>%</b></p>
  <p>状态：<span class="tag job-<?cs var:Job.State ?>" data-job-label><?cs var:Job.StateLabel ?></span>
    <span class="muted" data-job-count>已完成 <?cs var:Job.Done ?> / <?cs var:Job.Total ?> 份</span></p>
  <?cs if:Job.Error ?><div class="error" role="alert"><?cs var:Job.Error ?></div><?cs /if ?>
  <?cs if:Job.State == "expired" ?><div class="error" role="alert">文件已过期（保留一天），已删除；请回到证书发放管理重新批量下载。</div><?cs /if ?>
  <?cs if:Job.State == "done" || Job.State == "queued" || Job.State == "running" ?><p class="jobdl"<?cs if:Job.State != "done" ?> hidden<?cs /if ?> data-job-done>
    <a class="btn primary" href="/certs/jobs/<?cs var:Job.Id ?>/download">下载 ZIP<?cs if:Job.Size ?>（<?cs var:Job.Size ?>）<?cs /if ?></a>
    <span class="muted">每份证书一个 PNG 文件，以证书编号命名<?cs if:Job.Expires ?>；文件保留至 <?cs var:Job.Expires ?><?cs /if ?></span></p><?cs /if ?>
  <p><a class="btn" href="/certs/jobs">我的下载任务</a> <a class="btn" href="/certs">返回证书发放管理</a></p>
</section>
<script src="/static/jobs.js"></script>

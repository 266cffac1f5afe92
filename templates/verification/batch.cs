<?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1>批量查验</h1>
  <p class="muted">供持有 API 密钥的用人单位使用。上传 CSV 文件（UTF-8 或 GBK），每行一条：<code>证书编号,身份证号</code>、<code>证书编号,分享码</code> 或只写 <code>分享码</code>；第一行可以是表头。一次最多 <?cs var:Batch.Max ?> 行。结果为 Excel 文件，每行一个结论；格式有误的行标为“格式错误”并注明原因，不影响其他行。</p>
  <?cs call:form_error() ?>
  <form method="post" action="/verify/batch" enctype="multipart/form-data">
    <?cs call:csrf() ?>
    <label>API 密钥<input name="key" type="password" required maxlength="80" autocomplete="off" placeholder="xck_…"></label>
    <label>CSV 文件<input name="file" type="file" required accept=".csv,text/csv"></label>
    <button type="submit" class="btn primary">查验并下载结果</button>
  </form>
</section>

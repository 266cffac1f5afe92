<?cs include:"macros.cs" ?>
<section class="card">
  <h1>批量导入学生</h1>
  <p>请上传 Excel 另存的 CSV 文件（UTF-8、带 BOM 的 UTF-8 或 GBK 编码均可，不超过 10MB）。第一行为列名：</p>
  <p class="mono">姓名,性别,证件类型,证件号码,学生类型,手机号码,专业,班级</p>
  <p class="muted">姓名、性别、证件号码为必填列；证件类型缺省为居民身份证，学生类型缺省为院校学生。</p>
  <form method="post" action="/students/import" enctype="multipart/form-data" class="grid">
    <?cs call:csrf() ?>
    <label>CSV 文件<input type="file" name="file" accept=".csv,text/csv" required></label>
    <label>出错时<select name="mode">
      <option value="all"<?cs if:Form.mode != "valid" ?> selected<?cs /if ?>>全部不导入（推荐）</option>
      <option value="valid"<?cs if:Form.mode == "valid" ?> selected<?cs /if ?>>只导入正确的行</option>
    </select></label>
    <button type="submit" class="btn primary">导入</button>
  </form>
</section>
<?cs if:Import.NErrors || Import.Done || Import.Rows ?>
<section class="card">
  <h2>导入结果</h2>
  <?cs if:Import.Filename ?><p class="muted">文件 <?cs var:Import.Filename ?><?cs if:Import.Encoding ?>（<?cs var:Import.Encoding ?>）<?cs /if ?><?cs if:Import.Rows ?>，共 <?cs var:Import.Rows ?> 行数据<?cs /if ?></p><?cs /if ?>
  <?cs if:Import.Done ?><div class="notice ok">已导入 <b><?cs var:Import.Done ?></b> 名学生。</div><?cs /if ?>
  <?cs if:Import.NErrors > 0 ?>
  <div class="error" role="alert">发现 <?cs var:Import.NErrors ?> 处错误<?cs if:!Import.Done ?>，本次没有导入任何学生<?cs /if ?>。请修改后重新导入。</div>
  <div class="tablewrap"><table>
    <thead><tr><th>行</th><th>列</th><th>原因</th></tr></thead>
    <tbody><?cs each:e = Import.Errors ?><tr><td><?cs if:e.Row > 0 ?>第 <?cs var:e.Row ?> 行<?cs /if ?></td><td><?cs var:e.Field ?></td><td><?cs var:e.Reason ?></td></tr><?cs /each ?></tbody>
  </table></div>
  <?cs /if ?>
  <?cs if:Import.NWarnings > 0 ?>
  <h2>提示</h2>
  <div class="tablewrap"><table>
    <thead><tr><th>行</th><th>列</th><th>说明</th></tr></thead>
    <tbody><?cs each:e = Import.Warnings ?><tr><td>第 <?cs var:e.Row ?> 行</td><td><?cs var:e.Field ?></td><td><?cs var:e.Reason ?></td></tr><?cs /each ?></tbody>
  </table></div>
  <?cs /if ?>
</section>
<?cs /if ?>

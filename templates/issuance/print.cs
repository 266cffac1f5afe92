<section class="card noprint">
  <h1>打印证书</h1>
  <p>共 <?cs var:PrintCount ?> 份，每页一份（A4 横向）。打印时请选择“A4”“横向”，边距“无”，并关闭页眉页脚。</p>
  <p><button type="button" class="btn primary" id="printnow">打印</button></p>
</section>
<div class="printpages">
<?cs each:p = Print ?>
  <div class="printpage"><img src="/certs/<?cs var:p.Id ?>/certificate.png" alt="证书 <?cs var:p.Number ?>"></div>
<?cs /each ?>
</div>
<script src="/static/print.js"></script>

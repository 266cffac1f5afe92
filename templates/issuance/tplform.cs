<?cs include:"macros.cs" ?>
<section class="card">
  <h1>新增模板版本</h1>
  <?cs if:Form.Error ?><div class="error" role="alert"><?cs var:Form.Error ?></div><?cs /if ?>
  <form method="post" action="/certs/templates/new" enctype="multipart/form-data" class="grid tplform"><?cs call:csrf() ?>
    <label>证书类型
      <select name="type">
        <option value="">平台默认模板（没有专用模板的证书类型）</option>
        <?cs each:t = Types ?><option value="<?cs var:t.Id ?>"<?cs if:Form.type == t.Id ?> selected<?cs /if ?>><?cs var:t.Org ?> · <?cs var:t.Name ?>（<?cs var:t.Level ?>）</option><?cs /each ?>
      </select></label>
    <label>背景图片（可选，PNG，A4 横向比例 297:210，宽 800–2000 像素，最大 1.5 MB；不选则使用系统边框）<input type="file" name="background" accept="image/png"></label>
    <label class="wide">版式（每行一项：字段名，然后 x= y= 毫米（文字为基线位置，框为左上角）、w= h= 框的宽高、size= 字号（磅）、bold=1、colour= 颜色、align=left/centre/right、照片框 required=1 表示必须有照片，最后 label= 前缀文字）
      <textarea name="layout" rows="20" class="mono" required><?cs var:Form.layout ?></textarea></label>
    <p class="muted small wide">字段：text 固定文字，name 姓名，gender 性别，idno 证件号码，cert_name 证书名称，level 等级，number 证书编号，date 发证日期，org 培训评价组织，site 考核站点，photo 照片框，org_seal 与 site_seal 印章框，qr 二维码框。页面为 A4 横向 297×210 毫米。</p>
    <label>说明（可选）<input name="note" maxlength="200" value="<?cs var:Form.note ?>"></label>
    <p class="wide"><button type="submit" class="btn primary">保存为新版本</button> <a class="btn" href="/certs/templates">返回</a></p>
  </form>
</section>

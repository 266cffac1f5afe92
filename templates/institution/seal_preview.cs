<?cs include:"macros.cs" ?>
<section class="card">
  <h1>预览效果</h1>
  <p class="muted">上传文件：<?cs var:Upload.Filename ?>（<?cs var:Upload.Size ?> 像素）。左侧为原图，右侧为系统自动去除背景、裁边并居中后的效果。</p>
  <p class="muted">原图若带有白色或灰色底色，加盖后会遮挡证书上的文字，建议使用自动处理后的图片。</p>
  <?cs call:form_error() ?>
  <?cs if:Seal.NeedPrincipal ?><div class="notice" role="alert">保存签章前，请先填写考核站点负责人的姓名和职务（副校长及以上）。<a href="/inst/seal#principal">去填写考核站点负责人</a></div><?cs /if ?>
  <form method="post" action="<?cs var:Seal.Base ?>/upload/<?cs var:Upload.Id ?>/save">
    <?cs call:csrf() ?>
    <input type="hidden" name="letter" value="<?cs var:Letter.Version ?>">
    <div class="choices">
      <label class="choice"><input type="radio" name="variant" value="original">
        <span class="sealbox"><img src="<?cs var:Seal.Base ?>/upload/<?cs var:Upload.Id ?>/original.png" alt="原图"></span>
        <span>原图</span></label>
      <label class="choice"><input type="radio" name="variant" value="cleaned" checked>
        <span class="sealbox"><img src="<?cs var:Seal.Base ?>/upload/<?cs var:Upload.Id ?>/cleaned.png" alt="自动处理后"></span>
        <span>自动处理后（推荐）</span></label>
    </div>
    <h2>加盖在证书上的效果</h2>
    <div class="previews">
      <figure><img src="<?cs var:Seal.Base ?>/upload/<?cs var:Upload.Id ?>/preview-original.png" alt="原图加盖在证书上的效果"><figcaption>原图</figcaption></figure>
      <figure><img src="<?cs var:Seal.Base ?>/upload/<?cs var:Upload.Id ?>/preview-cleaned.png" alt="自动处理后的签章加盖在证书上的效果"><figcaption>自动处理后（推荐）</figcaption></figure>
    </div>
    <p class="muted">效果不好？请重新处理签章图片后<a href="<?cs var:Seal.Base ?>">重新上传</a>。</p>
    <h2>《<?cs var:Letter.Title ?>》（第 <?cs var:Letter.Version ?> 版）</h2>
    <div class="letter"><?cs var:Letter.Body ?></div>
    <label class="consent"><input type="checkbox" name="consent" value="1" required> 我已认真阅读《<?cs var:Letter.Title ?>》，确认无误并同意授权。</label>
    <button type="submit" class="btn primary"<?cs if:Seal.NeedPrincipal ?> disabled<?cs /if ?>>保存签章</button>
  </form>
</section>

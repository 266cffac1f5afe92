<?cs if:Sign.Error ?><div class="error" role="alert"><?cs var:Sign.Error ?></div><?cs /if ?>
<?cs if:Sign.Done ?>
  <div class="flash" role="status"><?cs if:Sign.Replay ?>此前已签字成功（重复提交未再处理）。<?cs else ?>签字成功！<?cs /if ?><?cs var:Sreq.Outcome ?></div>
  <p>可以关闭本页。</p>
<?cs elif:Sreq.State == "open" ?>
  <form method="post" action="<?cs var:Pad.Action ?>" data-sign-pad class="pad">
    <?cs call:csrf() ?>
    <input type="hidden" name="sig">
    <label for="padcanvas">请在框内手写签名</label>
    <canvas id="padcanvas" width="600" height="260" aria-label="签名板"></canvas>
    <p class="error" data-sign-msg role="alert"></p>
    <p class="hint">签字即表示确认以上 <?cs var:Sreq.N ?> 份发证记录和成绩准确无误、可以发证。一旦签字确认，不可撤回。</p>
    <div class="padbtns"><button type="button" class="btn" data-clear>清除重写</button>
    <button type="submit" class="btn primary">确认签发</button></div>
  </form>
<?cs /if ?>

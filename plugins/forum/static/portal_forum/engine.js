/*
 * Starts the forum engine's scripts once the page is ready, as its own
 * inline script did. The poll and attachment forms' "add one more" buttons
 * are bound wherever they are on the page; elsewhere nothing is bound.
 */
jQuery(function () {
  "use strict";

  machina.init();
  machina.poll.init();
  machina.attachment.init();
});

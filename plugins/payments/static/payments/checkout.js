// Send the payer on to the bank at once; the form's button stays for a
// browser that runs no scripts.
document.getElementById("checkout-form").submit();

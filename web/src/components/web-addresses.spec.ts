import { webAddressParts } from './web-addresses';

describe('webAddressParts (links in an operator notice)', () => {
  it('cuts the addresses out of the text, a closing punctuation mark staying text', () => {
    expect(webAddressParts('Tài liệu: https://bacninh.gov.vn/tai-lieu/hop-ban.pdf. Xem trước 8 giờ.')).toEqual([
      { text: 'Tài liệu: ' },
      { href: 'https://bacninh.gov.vn/tai-lieu/hop-ban.pdf' },
      { text: '. Xem trước 8 giờ.' },
    ]);
    expect(webAddressParts('(http://a.vn/x?y=1), và https://b.vn')).toEqual([
      { text: '(' },
      { href: 'http://a.vn/x?y=1' },
      { text: '), và ' },
      { href: 'https://b.vn' },
    ]);
  });

  it('leaves text without a web address, and addresses of other schemes, as text', () => {
    expect(webAddressParts('Đề nghị kiểm tra micro.')).toEqual([{ text: 'Đề nghị kiểm tra micro.' }]);
    expect(webAddressParts('javascript:alert(1) ftp://x.vn https://')).toEqual([{ text: 'javascript:alert(1) ftp://x.vn https://' }]);
    expect(webAddressParts('')).toEqual([]);
  });
});

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

interface ITokenReceiver {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @title HookToken (tests only)
/// @notice An ERC-20 that calls onTokenReceived on recipients that registered for it, after every
/// transfer (like ERC-777's registered hooks): the way a malicious receiver gets control during a
/// payout.
contract HookToken is ERC20 {
    mapping(address account => bool) public hooked;

    constructor() ERC20("Hook", "HOOK") {}

    function setHooked(address account, bool on) external {
        hooked[account] = on;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && hooked[to]) {
            ITokenReceiver(to).onTokenReceived(from, value);
        }
    }
}

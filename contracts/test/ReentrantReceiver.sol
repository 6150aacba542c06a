// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ReentrantReceiver (tests only)
/// @notice A contract party of an escrow order (buyer or seller, acting through act) that, when a
/// HookToken pays it, re-enters a target with armed calldata. Records the attack's outcome.
contract ReentrantReceiver {
    address public attackTarget;
    bytes public attackData;
    bool public bubble;
    bool public attackAttempted;
    bool public attackSucceeded;
    bytes public attackError;

    /// @notice Calls target with data as this contract.
    function act(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    function approve(address token, address spender, uint256 amount) external {
        IERC20(token).approve(spender, amount);
    }

    function arm(address target, bytes calldata data, bool bubbleFailure) external {
        attackTarget = target;
        attackData = data;
        bubble = bubbleFailure;
        attackAttempted = false;
        attackSucceeded = false;
        delete attackError;
    }

    function onTokenReceived(address, uint256) external {
        address target = attackTarget;
        if (target == address(0)) return;
        attackTarget = address(0);
        attackAttempted = true;
        (bool ok, bytes memory ret) = target.call(attackData);
        attackSucceeded = ok;
        attackError = ret;
        if (!ok && bubble) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }
}
